/**
 * Addresses and CIDRs as the simulated network compares them: containment
 * and longest-prefix match, IPv4 and IPv6 alike.
 *
 * Example:
 *   cidrContains("10.244.1.0/24", "10.244.1.7")   // true
 *   longestPrefixMatch(["10.0.0.0/8", "10.244.1.0/24"], "10.244.1.7") // "10.244.1.0/24"
 */
import { isIP } from "node:net";
import { parseCIDR, type Cidr } from "../api/networking/cidr.js";

/** An address or a CIDR ("10.1.2.3", "10.0.0.0/8") as a Cidr; a bare address is a host route. */
export function toCidr(text: string): Cidr | undefined {
  if (text.includes("/")) return parseCIDR(text);
  const family = isIP(text);
  if (family === 0) return undefined;
  return parseCIDR(`${text}/${family === 4 ? 32 : 128}`);
}

export function isAddress(text: string): boolean {
  return isIP(text) !== 0;
}

/** Whether ip lies in cidr (same family only). */
export function cidrContains(cidr: string | Cidr, ip: string): boolean {
  const c = typeof cidr === "string" ? toCidr(cidr) : cidr;
  const a = toCidr(ip);
  if (!c || !a || c.family !== a.family) return false;
  const shift = BigInt((c.family === 4 ? 32 : 128) - c.prefix);
  return a.addr >> shift === c.addr >> shift;
}

/** The most specific of cidrs containing ip, or undefined. */
export function longestPrefixMatch<T extends string>(cidrs: Iterable<T>, ip: string): T | undefined {
  let best: T | undefined;
  let bestPrefix = -1;
  for (const text of cidrs) {
    const c = toCidr(text);
    if (c && c.prefix > bestPrefix && cidrContains(c, ip)) {
      best = text;
      bestPrefix = c.prefix;
    }
  }
  return best;
}
