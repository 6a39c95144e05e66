/** CIDRs as NetworkPolicy ipBlocks carry them: parsing and containment. */
import { isIP } from "node:net";

export interface Cidr {
  family: 4 | 6;
  /** The address as a 32- or 128-bit integer, host bits included. */
  addr: bigint;
  prefix: number;
}

function ipToBigInt(ip: string, family: 4 | 6): bigint {
  if (family === 4) return ip.split(".").reduce((acc, o) => (acc << 8n) | BigInt(Number(o)), 0n);
  let [head, tail] = ip.includes("::") ? ip.split("::") : [ip, undefined];
  const parse = (s: string | undefined) => (s ? s.split(":") : []);
  let h = parse(head);
  let t = parse(tail);
  // An embedded IPv4 tail counts as two groups.
  const fix = (groups: string[]) =>
    groups.flatMap((g) => {
      if (!g.includes(".")) return [g];
      const v = ipToBigInt(g, 4);
      return [(v >> 16n).toString(16), (v & 0xffffn).toString(16)];
    });
  h = fix(h);
  t = fix(t);
  const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill("0"), ...t];
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(Number.parseInt(g, 16)), 0n);
}

/** Parses "10.0.0.0/8" or "fd00::/64"; undefined when not a CIDR. */
export function parseCIDR(s: string): Cidr | undefined {
  const slash = s.indexOf("/");
  if (slash < 0) return undefined;
  const ip = s.slice(0, slash);
  const bitsText = s.slice(slash + 1);
  const family = isIP(ip);
  if (family === 0 || !/^\d+$/.test(bitsText)) return undefined;
  const prefix = Number(bitsText);
  if (prefix > (family === 4 ? 32 : 128)) return undefined;
  return { family: family as 4 | 6, addr: ipToBigInt(ip, family as 4 | 6), prefix };
}

/** Whether `inner` lies within `outer` and is strictly smaller. */
export function isStrictSubset(inner: Cidr, outer: Cidr): boolean {
  if (inner.family !== outer.family || inner.prefix <= outer.prefix) return false;
  const width = BigInt(inner.family === 4 ? 32 : 128);
  const shift = width - BigInt(outer.prefix);
  return inner.addr >> shift === outer.addr >> shift;
}
