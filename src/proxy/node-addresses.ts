/**
 * The node's own addresses, which kube-proxy needs on every sync (NodePort
 * rules match them). Enumerating them means a netlink dump of every
 * interface; upstream once did it on every sync, and on hosts with many
 * interfaces that was most of kube-proxy's CPU (S10), until it cached
 * them for 15 minutes. Skiff caches them the same way; a
 * SlowNodeAddresses Fault brings the old behaviour back, each sync paying
 * an enumeration that costs its spec.delay of CPU.
 */
import { networkInterfaces } from "node:os";
import { performance } from "node:perf_hooks";
import type { Clock } from "../util/clock.js";

/** How long enumerated addresses are reused (upstream's fix). */
export const NODE_ADDRESS_CACHE_MS = 15 * 60_000;

function hostAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flatMap((list) => list ?? [])
    .map((i) => i.address)
    .sort();
}

export class NodeAddresses {
  private cached: string[] = [];
  private at = -Infinity;
  /** Enumerations done, for tests and diagnostics. */
  enumerations = 0;

  constructor(
    private readonly clock: Clock,
    private readonly enumerate: () => string[] = hostAddresses,
  ) {}

  /** The addresses: from the cache, or, with slowMs (a SlowNodeAddresses fault), enumerated again at that CPU cost. */
  get(slowMs?: number): string[] {
    const now = this.clock.now();
    if (slowMs !== undefined) {
      // The cost is CPU, as a netlink dump of many interfaces: spent here, in the sync.
      const start = performance.now();
      do this.list();
      while (performance.now() - start < slowMs);
      return this.cached;
    }
    if (now - this.at >= NODE_ADDRESS_CACHE_MS) {
      this.list();
      this.at = now;
    }
    return this.cached;
  }

  private list(): void {
    this.cached = this.enumerate();
    this.enumerations++;
  }
}
