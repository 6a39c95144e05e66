/**
 * Persisted allocators for service cluster IPs and node ports. The allocated
 * set lives under one store key per range (upstream keeps a bitmap under
 * /registry/ranges/), updated with optimistic concurrency, so several API
 * servers on one etcd agree. A repair pass at start-up reconciles it with
 * the services that exist.
 */
import type { Allocator } from "../../api/types.js";
import type { Store } from "../../storage/store.js";
import { cidrContains, formatIPv4, parseCidr4, parseIPv4 } from "./ipv4.js";

/** An allocation failure, worded as upstream's allocator errors. */
export class AllocationError extends Error {
  constructor(
    message: string,
    readonly kind: "taken" | "outOfRange" | "full" | "invalid",
  ) {
    super(message);
    this.name = "AllocationError";
  }
}

interface RangeSpec {
  key: string;
  describe: string;
  /** Candidate value -> offset in the range, or undefined when outside. */
  offsetOf(value: string): number | undefined;
  valueAt(offset: number): string;
  size: number;
  /** Offsets never handed out (network address, broadcast, the API server's IP). */
  reserved: Set<number>;
  outOfRange(value: string): AllocationError;
  taken(value: string): AllocationError;
  full(): AllocationError;
}

interface RangeState {
  range: string;
  allocated: number[];
}

export class PersistedAllocator implements Allocator {
  constructor(
    private readonly store: Store,
    private readonly spec: RangeSpec,
  ) {}

  range(): string {
    return this.spec.describe;
  }

  async has(value: string): Promise<boolean> {
    const off = this.spec.offsetOf(value);
    if (off === undefined) return false;
    return (await this.read()).has(off);
  }

  async allocate(value?: string): Promise<string> {
    let chosen = -1;
    await this.store.guaranteedUpdate(
      this.spec.key,
      (kv) => {
        const set = new Set<number>(kv ? (JSON.parse(kv.value) as RangeState).allocated : []);
        chosen = value !== undefined ? this.checkSpecific(value, set) : this.pickFree(set);
        set.add(chosen);
        return this.encode(set);
      },
      { allowCreate: true },
    );
    return this.spec.valueAt(chosen);
  }

  async release(value: string): Promise<void> {
    const off = this.spec.offsetOf(value);
    if (off === undefined) return;
    await this.store.guaranteedUpdate(
      this.spec.key,
      (kv) => {
        const set = new Set<number>(kv ? (JSON.parse(kv.value) as RangeState).allocated : []);
        set.delete(off);
        return this.encode(set);
      },
      { allowCreate: true },
    );
  }

  /** Replaces the allocated set with exactly these values (start-up repair). */
  async repair(values: string[]): Promise<void> {
    const set = new Set<number>();
    for (const v of values) {
      const off = this.spec.offsetOf(v);
      if (off !== undefined) set.add(off);
    }
    await this.store.guaranteedUpdate(this.spec.key, () => this.encode(set), { allowCreate: true });
  }

  /** A view that answers as allocate() would but persists nothing (dry-run). */
  dryRun(): Allocator {
    return {
      range: () => this.range(),
      has: (v) => this.has(v),
      allocate: async (value) => {
        const set = await this.read();
        return this.spec.valueAt(value !== undefined ? this.checkSpecific(value, set) : this.pickFree(set));
      },
      release: async () => undefined,
    };
  }

  private async read(): Promise<Set<number>> {
    const kv = await this.store.get(this.spec.key);
    return new Set(kv ? (JSON.parse(kv.value) as RangeState).allocated : []);
  }

  private encode(set: Set<number>): string {
    return JSON.stringify({ range: this.spec.describe, allocated: [...set].sort((a, b) => a - b) } satisfies RangeState);
  }

  private checkSpecific(value: string, set: Set<number>): number {
    const off = this.spec.offsetOf(value);
    if (off === undefined || this.spec.reserved.has(off)) throw this.spec.outOfRange(value);
    if (set.has(off)) throw this.spec.taken(value);
    return off;
  }

  private pickFree(set: Set<number>): number {
    const free = this.spec.size - this.spec.reserved.size - set.size;
    if (free <= 0) throw this.spec.full();
    // Random probing as upstream; fall back to a scan when the range is nearly full.
    for (let i = 0; i < 64; i++) {
      const off = Math.floor(Math.random() * this.spec.size);
      if (!set.has(off) && !this.spec.reserved.has(off)) return off;
    }
    for (let off = 0; off < this.spec.size; off++) if (!set.has(off) && !this.spec.reserved.has(off)) return off;
    throw this.spec.full();
  }
}

/** Cluster IPs from a service CIDR; the first address is the `kubernetes` service's. */
export function serviceIPAllocator(store: Store, cidr: string): PersistedAllocator {
  const c = parseCidr4(cidr);
  const reserved = new Set<number>([0]);
  if (c.size > 2) reserved.add(c.size - 1);
  return new PersistedAllocator(store, {
    key: "/registry/ranges/serviceips",
    describe: c.text,
    size: c.size,
    reserved,
    offsetOf: (v) => {
      const ip = parseIPv4(v);
      return ip !== undefined && cidrContains(c, ip) ? ip - c.base : undefined;
    },
    valueAt: (off) => formatIPv4(c.base + off),
    outOfRange: (v) => new AllocationError(`the provided IP (${v}) is not in the valid range. The range of valid IPs is ${c.text}`, "outOfRange"),
    taken: () => new AllocationError("provided IP is already allocated", "taken"),
    full: () => new AllocationError("range is full", "full"),
  });
}

/** Node ports from a range such as 30000-32767. */
export function nodePortAllocator(store: Store, range: [number, number]): PersistedAllocator {
  const [lo, hi] = range;
  return new PersistedAllocator(store, {
    key: "/registry/ranges/servicenodeports",
    describe: `${lo}-${hi}`,
    size: hi - lo + 1,
    reserved: new Set(),
    offsetOf: (v) => {
      const n = Number(v);
      return Number.isInteger(n) && n >= lo && n <= hi ? n - lo : undefined;
    },
    valueAt: (off) => String(lo + off),
    outOfRange: () => new AllocationError(`provided port is not in the valid range. The range of valid ports is ${lo}-${hi}`, "outOfRange"),
    taken: () => new AllocationError("provided port is already allocated", "taken"),
    full: () => new AllocationError("range is full", "full"),
  });
}

/** The first usable address of a CIDR: the `kubernetes` service's cluster IP. */
export function firstServiceIP(cidr: string): string {
  const c = parseCidr4(cidr);
  return formatIPv4(c.base + 1);
}
