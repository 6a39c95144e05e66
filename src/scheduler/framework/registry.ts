/** Plugin factories by name: a plain map that refuses duplicates (upstream's runtime.Registry). */
import type { PluginFactory } from "./interfaces.js";

export class Registry {
  private readonly factories = new Map<string, PluginFactory>();

  constructor(entries: Record<string, PluginFactory> = {}) {
    for (const [name, f] of Object.entries(entries)) this.register(name, f);
  }

  register(name: string, factory: PluginFactory): void {
    if (this.factories.has(name)) throw new Error(`a plugin named ${name} already exists`);
    this.factories.set(name, factory);
  }

  unregister(name: string): void {
    if (!this.factories.delete(name)) throw new Error(`no plugin named ${name} exists`);
  }

  get(name: string): PluginFactory | undefined {
    return this.factories.get(name);
  }

  /** Another registry's entries added; duplicates refused. */
  merge(other: Registry): void {
    for (const [name, f] of other.factories) this.register(name, f);
  }

  names(): string[] {
    return [...this.factories.keys()];
  }
}
