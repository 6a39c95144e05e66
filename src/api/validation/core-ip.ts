/**
 * IP addresses and CIDRs as core/v1 validation sees them (service cluster
 * IPs, node pod CIDRs, endpoint addresses), with upstream's messages.
 */
import { BlockList, isIP, isIPv4, isIPv6 } from "node:net";

export const INVALID_IP_MESSAGE = "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)";
export const INVALID_CIDR_MESSAGE = "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)";

export type IPFamily = "IPv4" | "IPv6";

/** Whether s is an IP address. IPv4 with leading zeros is refused, as Go's parser does. */
export function isValidIP(s: string): boolean {
  if (isIPv4(s)) return !s.split(".").some((p) => p.length > 1 && p.startsWith("0"));
  return isIPv6(s);
}

export function ipFamilyOf(s: string): IPFamily | undefined {
  if (!isValidIP(s)) return undefined;
  return isIP(s) === 6 ? "IPv6" : "IPv4";
}

export interface Cidr {
  address: string;
  prefix: number;
  family: IPFamily;
}

export function parseCIDR(s: string): Cidr | undefined {
  const slash = s.indexOf("/");
  if (slash < 0) return undefined;
  const address = s.slice(0, slash);
  const prefixText = s.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefixText)) return undefined;
  const family = ipFamilyOf(address);
  if (!family) return undefined;
  const prefix = Number(prefixText);
  if (prefix > (family === "IPv4" ? 32 : 128)) return undefined;
  return { address, prefix, family };
}

export function isValidCIDR(s: string): boolean {
  return parseCIDR(s) !== undefined;
}

/** Whether ip lies inside any of the CIDRs. */
export function cidrsContain(cidrs: readonly string[], ip: string): boolean {
  const family = ipFamilyOf(ip);
  if (!family) return false;
  const list = new BlockList();
  for (const c of cidrs) {
    const p = parseCIDR(c);
    if (p) list.addSubnet(p.address, p.prefix, p.family === "IPv4" ? "ipv4" : "ipv6");
  }
  return list.check(ip, family === "IPv4" ? "ipv4" : "ipv6");
}

/** Go's net.JoinHostPort: IPv6 hosts are bracketed. */
export function joinHostPort(host: string, port: number | string): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}
