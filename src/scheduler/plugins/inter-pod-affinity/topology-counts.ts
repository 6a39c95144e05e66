/** Counts per topology domain: topologyKey -> value -> count (upstream's topologyToMatchedTermCount). */
export class TopologyCounts {
  readonly byKey = new Map<string, Map<string, number>>();

  add(key: string, value: string, delta: number): void {
    let m = this.byKey.get(key);
    if (!m) this.byKey.set(key, (m = new Map()));
    const n = (m.get(value) ?? 0) + delta;
    if (n === 0) m.delete(value);
    else m.set(value, n);
    if (m.size === 0) this.byKey.delete(key);
  }

  get(key: string, value: string): number {
    return this.byKey.get(key)?.get(value) ?? 0;
  }

  get size(): number {
    return this.byKey.size;
  }

  clone(): TopologyCounts {
    const c = new TopologyCounts();
    for (const [k, m] of this.byKey) c.byKey.set(k, new Map(m));
    return c;
  }
}
