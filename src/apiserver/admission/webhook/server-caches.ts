/**
 * Dynamic admission's view of the API server: configurations and
 * namespaces from the watch cache (one store watch each, no store read
 * per request), and the resources that share a resource's storage, for
 * matchPolicy Equivalent.
 */
import type { KubeObject } from "../../../api/types.js";
import type { ResourceRegistry } from "../../registry/registry.js";
import type { ApiServerCore } from "../../server.js";
import type { WatchService } from "../../watch/service.js";
import type { Equivalent, EquivalentResources, ObjectConverter } from "./rules.js";
import type { ConfigurationSnapshot } from "./source.js";

export interface ServerCaches {
  /** The current objects of a built-in resource, from its watch cache. */
  snapshot(group: string, version: string, resource: string): Promise<ConfigurationSnapshot>;
  /** Waits until the namespace cache has its first list. */
  namespacesReady(): Promise<void>;
  namespaceLabels(name: string): Record<string, string> | undefined;
  /** One object of a resource, from its watch cache (policy parameters). */
  object(group: string, version: string, resource: string, namespace: string | undefined, name: string): Promise<KubeObject | undefined>;
  /** Objects of a resource, in a namespace or all (policy parameters by selector). */
  objects(group: string, version: string, resource: string, namespace: string | undefined): Promise<KubeObject[]>;
  /** A served resource by group, version and kind (a policy's paramKind). */
  resourceForKind(apiVersion: string, kind: string): { group: string; version: string; resource: string; namespaced: boolean } | undefined;
  equivalents: EquivalentResources;
}

export function serverCaches(core: () => ApiServerCore, watch: () => WatchService): ServerCaches {
  const cacherOf = (reg: ResourceRegistry) => watch().cacherFor(reg);
  const registry = (group: string, version: string, resource: string) => core().registry(group, version, resource);
  const namespaces = () => cacherOf(registry("", "v1", "namespaces")!);
  const list = async (reg: ResourceRegistry, namespace: string | undefined) => {
    const c = cacherOf(reg);
    await c.ready;
    const prefix = reg.listPrefix(namespace);
    return c.list().items.filter((i) => i.key.startsWith(prefix));
  };
  return {
    async snapshot(group, version, resource) {
      const reg = registry(group, version, resource);
      if (!reg) return { objects: [], version: "" };
      const items = await list(reg, undefined);
      return { objects: items.map((i) => i.object), version: items.map((i) => `${i.key}@${i.revision}`).join(",") };
    },
    namespacesReady: () => namespaces().ready,
    namespaceLabels(name) {
      const reg = registry("", "v1", "namespaces")!;
      return namespaces().get(reg.key(undefined, name))?.object.metadata.labels ?? undefined;
    },
    async object(group, version, resource, namespace, name) {
      const reg = registry(group, version, resource);
      if (!reg) return undefined;
      const c = cacherOf(reg);
      await c.ready;
      return c.get(reg.key(namespace, name))?.object;
    },
    async objects(group, version, resource, namespace) {
      const reg = registry(group, version, resource);
      return reg ? (await list(reg, namespace)).map((i) => i.object) : [];
    },
    resourceForKind(apiVersion, kind) {
      const slash = apiVersion.lastIndexOf("/");
      const group = slash < 0 ? "" : apiVersion.slice(0, slash);
      const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
      for (const reg of core().registries.values()) {
        const d = reg.def;
        if (d.group === group && d.version === version && d.kind === kind) return { group, version, resource: d.plural, namespaced: d.namespaced };
      }
      return undefined;
    },
    equivalents(gvr) {
      const own = registry(gvr.group, gvr.version, gvr.resource);
      if (!own) return [];
      const out: Equivalent[] = [];
      for (const reg of core().registries.values()) {
        if (reg === own || reg.prefix !== own.prefix) continue;
        const d = reg.def;
        out.push({
          resource: { group: d.group, version: d.version, resource: d.plural },
          kind: { group: d.group, version: d.version, kind: d.kind },
          convert: converter(own, reg),
        });
      }
      return out;
    },
  };
}

/** Converts between two registries sharing storage, through the stored form. */
function converter(from: ResourceRegistry, to: ResourceRegistry): ObjectConverter {
  const through = (a: ResourceRegistry, b: ResourceRegistry) => (o: KubeObject): KubeObject => {
    const stored = a.def.sharedStorage ? a.def.sharedStorage.toStored(structuredClone(o)) : structuredClone(o);
    const out = b.def.sharedStorage ? b.def.sharedStorage.fromStored(stored) : stored;
    return { ...out, apiVersion: b.apiVersion, kind: b.def.kind };
  };
  return { to: through(from, to), from: through(to, from) };
}
