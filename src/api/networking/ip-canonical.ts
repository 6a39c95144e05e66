/**
 * Upstream's IsValidIP and IsValidCIDR for new API fields (IPAddress names,
 * ServiceCIDR ranges): valid, without the legacy forms (leading zeros,
 * IPv4-mapped IPv6) and in canonical form, as Go prints it (IPv6 per
 * RFC 5952; a CIDR with its host bits cleared).
 */
import { INVALID_CIDR_MESSAGE, INVALID_IP_MESSAGE, isValidIP } from "../validation/core-ip.js";
import { isIPv6 } from "node:net";

function ipv6Groups(ip: string): number[] {
  let s = ip;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (v4) {
    const o = v4[1]!.split(".").map(Number);
    s = `${s.slice(0, -v4[1]!.length)}${((o[0]! << 8) | o[1]!).toString(16)}:${((o[2]! << 8) | o[3]!).toString(16)}`;
  }
  const [head, tail] = s.includes("::") ? s.split("::") : [s, undefined];
  const h = head ? head.split(":") : [];
  const t = tail ? tail.split(":") : [];
  const groups = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill("0"), ...t];
  return groups.map((g) => Number.parseInt(g, 16));
}

function formatIPv6(groups: number[]): string {
  // IPv4-mapped addresses print with a dotted tail.
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return `::ffff:${groups[6]! >> 8}.${groups[6]! & 255}.${groups[7]! >> 8}.${groups[7]! & 255}`;
  }
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) { bestStart = i; bestLen = j - i; }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(":");
  return `${hex.slice(0, bestStart).join(":")}::${hex.slice(bestStart + bestLen).join(":")}`;
}

/** The canonical spelling of a valid IP address. */
export function canonicalIP(ip: string): string {
  return isIPv6(ip) ? formatIPv6(ipv6Groups(ip)) : ip;
}

const DOTTED_QUAD = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/;

/** IPv4 with a leading zero in an octet: Go's sloppy parser reads it, netip refuses it. */
function hasLeadingZeros(ip: string): boolean {
  const m = DOTTED_QUAD.exec(ip);
  return !!m && m.slice(1).every((o) => Number(o) <= 255) && m.slice(1).some((o) => o.length > 1 && o.startsWith("0"));
}

const isIPv4Mapped = (ip: string) => isIPv6(ip) && /^::ffff:/i.test(formatIPv6(ipv6Groups(ip)));

/** Upstream's IsValidIP: valid, strict and canonical; its messages, none when it is. */
export function ipErrors(value: string): string[] {
  if (hasLeadingZeros(value)) return ["must not have leading 0s"];
  if (!isValidIP(value)) return [INVALID_IP_MESSAGE];
  if (isIPv4Mapped(value)) return ["must not be an IPv4-mapped IPv6 address"];
  const canonical = canonicalIP(value);
  return canonical === value ? [] : [`must be in canonical form (${JSON.stringify(canonical)})`];
}

function maskedNetwork(ip: string, prefix: number): string {
  if (!isIPv6(ip)) {
    const n = ip.split(".").reduce((acc, o) => (acc << 8n) | BigInt(Number(o)), 0n);
    const masked = prefix === 0 ? 0n : (n >> BigInt(32 - prefix)) << BigInt(32 - prefix);
    return [24n, 16n, 8n, 0n].map((s) => String((masked >> s) & 255n)).join(".");
  }
  const groups = ipv6Groups(ip);
  const out = groups.map((g, i) => {
    const bits = Math.max(0, Math.min(16, prefix - i * 16));
    return bits === 16 ? g : bits === 0 ? 0 : g & (0xffff << (16 - bits)) & 0xffff;
  });
  return formatIPv6(out);
}

/** Upstream's IsValidCIDR: valid, strict and canonical (host bits clear); its messages, none when it is. */
export function cidrErrors(value: string): string[] {
  const slash = value.indexOf("/");
  const ip = slash < 0 ? "" : value.slice(0, slash);
  const bits = slash < 0 ? "" : value.slice(slash + 1);
  if (!/^\d{1,3}$/.test(bits)) return [INVALID_CIDR_MESSAGE];
  const prefix = Number(bits);
  const leadingZeros = hasLeadingZeros(ip) || (bits.length > 1 && bits.startsWith("0"));
  if (!leadingZeros && !isValidIP(ip)) return [INVALID_CIDR_MESSAGE];
  if (prefix > (isIPv6(ip) ? 128 : 32)) return [INVALID_CIDR_MESSAGE];
  if (leadingZeros) return ["must not have leading 0s in IP or prefix length"];
  if (isIPv4Mapped(ip)) return ["must not have an IPv4-mapped IPv6 address"];
  const canonical = `${maskedNetwork(ip, prefix)}/${prefix}`;
  return canonical === value ? [] : [`must be in canonical form (${JSON.stringify(canonical)})`];
}

/** The family of a valid CIDR. */
export function cidrFamily(value: string): "IPv4" | "IPv6" {
  return isIPv6(value.split("/")[0] ?? "") ? "IPv6" : "IPv4";
}
