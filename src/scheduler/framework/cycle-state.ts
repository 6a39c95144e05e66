/**
 * Per-pod scheduling-cycle data that plugins share between extension
 * points (upstream's CycleState). Each plugin keeps its data under its own
 * name. clone() copies the map shallowly; plugins whose data preemption
 * mutates (through PreFilterExtensions) store values with a clone() method.
 */
export interface StateData {
  clone(): StateData;
}

export class CycleState {
  private readonly data = new Map<string, StateData>();
  /** Plugins whose Filter is skipped this cycle (their PreFilter returned Skip). */
  readonly skipFilterPlugins = new Set<string>();
  /** Plugins whose Score is skipped this cycle (their PreScore returned Skip). */
  readonly skipScorePlugins = new Set<string>();

  /** The filters a framework runs for this state, once PreFilter has decided the skips; see Framework. */
  private filters: { owner: object; list: readonly unknown[] } | undefined;

  activeFilters(owner: object): readonly unknown[] | undefined {
    return this.filters?.owner === owner ? this.filters.list : undefined;
  }

  setActiveFilters(owner: object, list: readonly unknown[]): void {
    this.filters = { owner, list };
  }

  read<T extends StateData>(key: string): T | undefined {
    return this.data.get(key) as T | undefined;
  }

  write(key: string, value: StateData): void {
    this.data.set(key, value);
  }

  clone(): CycleState {
    const c = new CycleState();
    for (const [k, v] of this.data) c.data.set(k, v.clone());
    for (const p of this.skipFilterPlugins) c.skipFilterPlugins.add(p);
    for (const p of this.skipScorePlugins) c.skipScorePlugins.add(p);
    return c;
  }
}
