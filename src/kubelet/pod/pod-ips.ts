/**
 * Pod IPs from the node's podCIDR, as host-local IPAM hands them out:
 * sequentially after the last one given, skipping the network address,
 * the gateway (.1 of the range) and the broadcast address. IPv4 only.
 */

export class PodIPAllocator {
  private cidr: { base: number; size: number } | undefined;
  private readonly byUid = new Map<string, string>();
  private readonly used = new Set<number>();
  private cursor = 1;

  /** Sets the range (spec.podCIDR). Pods keep the IPs they have. */
  setRange(podCIDR: string | undefined): void {
    if (!podCIDR) return;
    const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(podCIDR);
    if (!m) return;
    const bits = Number(m[5]);
    const size = 2 ** (32 - bits);
    const addr = ((Number(m[1]) << 24) >>> 0) + (Number(m[2]) << 16) + (Number(m[3]) << 8) + Number(m[4]);
    this.cidr = { base: addr - (addr % size), size };
  }

  hasRange(): boolean {
    return this.cidr !== undefined;
  }

  /** The pod's IP, allocating one if it has none; undefined while no range is known or the range is full. */
  allocate(uid: string): string | undefined {
    const had = this.byUid.get(uid);
    if (had) return had;
    const r = this.cidr;
    if (!r) return undefined;
    // Offsets 0 (network), 1 (gateway) and size-1 (broadcast) are never handed out.
    const usable = r.size - 3;
    for (let i = 0; i < usable; i++) {
      this.cursor = this.cursor + 1 >= r.size - 1 ? 2 : this.cursor + 1;
      const ip = r.base + this.cursor;
      if (this.used.has(ip)) continue;
      this.used.add(ip);
      const text = toText(ip);
      this.byUid.set(uid, text);
      return text;
    }
    return undefined;
  }

  /** Records an IP already in use (a sandbox found at start-up). */
  reserve(uid: string, ip: string): void {
    const n = toNumber(ip);
    if (n === undefined) return;
    this.used.add(n);
    this.byUid.set(uid, ip);
  }

  release(uid: string): void {
    const ip = this.byUid.get(uid);
    if (!ip) return;
    this.byUid.delete(uid);
    this.used.delete(toNumber(ip)!);
  }
}

function toText(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
}

function toNumber(ip: string): number | undefined {
  const p = ip.split(".").map(Number);
  if (p.length !== 4 || p.some((x) => !Number.isInteger(x) || x < 0 || x > 255)) return undefined;
  return ((p[0] << 24) >>> 0) + (p[1] << 16) + (p[2] << 8) + p[3];
}
