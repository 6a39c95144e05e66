import { describe, test } from "node:test";
import type { Store } from "./store.js";
import { basicCases } from "./conformance/cases-basic.js";
import { concurrentCases } from "./conformance/cases-concurrent.js";
import { listCases } from "./conformance/cases-list.js";
import { updateCases } from "./conformance/cases-update.js";
import { watchCases } from "./conformance/cases-watch.js";

export interface ConformanceOptions {
  /** Shown in the suite's title. */
  name: string;
  /** A store for one case; closed when the case ends. Stores may share a backend: each case writes under its own prefix. */
  newStore: () => Promise<Store>;
  /** Case name -> why this backend skips it. */
  skip?: Record<string, string>;
}

/** Every case, by name; backends skip by these names. */
export const conformanceCases = [...basicCases, ...updateCases, ...concurrentCases, ...listCases, ...watchCases];

let suiteRun = 0;

/**
 * The one behaviour suite every Store backend passes. Call it from the
 * backend's test file:
 *
 *   runStoreConformance({ name: "memory", newStore: async () => createMemoryStore() });
 */
export function runStoreConformance(opts: ConformanceOptions): void {
  const unknown = Object.keys(opts.skip ?? {}).filter((n) => !conformanceCases.some((c) => c.name === n));
  if (unknown.length) throw new Error(`skip names no conformance case: ${unknown.join("; ")}`);
  const run = ++suiteRun;
  describe(`Store conformance: ${opts.name}`, () => {
    conformanceCases.forEach((c, i) => {
      const reason = opts.skip?.[c.name];
      test(c.name, reason ? { skip: reason } : {}, async () => {
        const store = await opts.newStore();
        const prefix = `/registry/conformance-${process.pid}-${run}-${i}-${Date.now().toString(36)}/`;
        try {
          await c.run({ store, prefix });
        } finally {
          await store.close();
        }
      });
    });
  });
}
