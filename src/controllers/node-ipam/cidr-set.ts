/**
 * A set of equal-sized IPv4 subnets carved from one cluster CIDR, as
 * upstream's cidrset: allocate() hands out the next free subnet after the
 * last one given (wrapping), occupy() marks subnets taken by existing nodes
 * or by an overlapping service range, release() frees one.
 */

export class CidrSetFullError extends Error {
  constructor() {
    super("CIDR allocation failed; there are no remaining CIDRs left to allocate in the accepted range");
    this.name = "CidrSetFullError";
  }
}

/**
 * One instance for every failed allocation, as upstream's sentinel
 * ErrCIDRRangeNoCIDRsRemaining: once the range is exhausted every node
 * added fails (and is retried), and a stack trace per failure was most of
 * the cost of adding such a node.
 */
const RANGE_FULL = new CidrSetFullError();

export function parseIPv4(ip: string): number | undefined {
  const parts = ip.split(".");
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    n = n * 256 + Number(p);
  }
  return n;
}

export function formatIPv4(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join(".");
}

/** "10.244.0.0/16" → base address (masked) and prefix length. */
export function parseCIDR(cidr: string): { base: number; prefix: number } | undefined {
  const [ip, bits, extra] = cidr.split("/");
  if (extra !== undefined || bits === undefined || !/^\d{1,2}$/.test(bits)) return undefined;
  const addr = parseIPv4(ip ?? "");
  const prefix = Number(bits);
  if (addr === undefined || prefix > 32) return undefined;
  const size = 2 ** (32 - prefix);
  return { base: Math.floor(addr / size) * size, prefix };
}

export class CidrSet {
  private readonly base: number;
  private readonly subnetSize: number;
  private readonly count: number;
  private readonly used = new Set<number>();
  private next = 0;

  constructor(
    readonly clusterCIDR: string,
    readonly maskSize: number,
  ) {
    const c = parseCIDR(clusterCIDR);
    if (!c) throw new Error(`invalid cluster CIDR ${JSON.stringify(clusterCIDR)}`);
    if (maskSize < c.prefix || maskSize > 32) throw new Error(`node CIDR mask size ${maskSize} does not fit in cluster CIDR ${clusterCIDR}`);
    this.base = c.base;
    this.subnetSize = 2 ** (32 - maskSize);
    this.count = 2 ** (maskSize - c.prefix);
  }

  /** How many subnets are free. */
  free(): number {
    return this.count - this.used.size;
  }

  allocate(): string {
    // Full: no scan of every index (a /10 of /24s is 16,384 of them).
    if (this.used.size >= this.count) throw RANGE_FULL;
    for (let i = 0; i < this.count; i++) {
      const idx = (this.next + i) % this.count;
      if (this.used.has(idx)) continue;
      this.used.add(idx);
      this.next = (idx + 1) % this.count;
      return this.format(idx);
    }
    throw RANGE_FULL;
  }

  /** Marks every subnet overlapping cidr as used; returns false when cidr lies outside the set. */
  occupy(cidr: string): boolean {
    const range = this.indexRange(cidr);
    if (!range) return false;
    for (let i = range[0]; i <= range[1]; i++) this.used.add(i);
    return true;
  }

  release(cidr: string): void {
    const range = this.indexRange(cidr);
    if (!range) return;
    for (let i = range[0]; i <= range[1]; i++) this.used.delete(i);
  }

  private format(idx: number): string {
    return `${formatIPv4(this.base + idx * this.subnetSize)}/${this.maskSize}`;
  }

  /** The first and last subnet index overlapping cidr, clipped to the set. */
  private indexRange(cidr: string): [number, number] | undefined {
    const c = parseCIDR(cidr);
    if (!c) return undefined;
    const start = c.base;
    const end = c.base + 2 ** (32 - c.prefix) - 1;
    const setEnd = this.base + this.count * this.subnetSize - 1;
    if (end < this.base || start > setEnd) return undefined;
    const lo = Math.floor((Math.max(start, this.base) - this.base) / this.subnetSize);
    const hi = Math.floor((Math.min(end, setEnd) - this.base) / this.subnetSize);
    return [lo, hi];
  }
}
