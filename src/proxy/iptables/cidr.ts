/** IPv4/IPv6 CIDR containment for the few places the rules compare addresses. */
import net from "node:net";

export function cidrContains(cidr: string, ip: string): boolean {
  const [base, bitsText] = cidr.split("/");
  const family = net.isIP(base);
  if (!family || family !== net.isIP(ip)) return false;
  const bits = Number(bitsText ?? (family === 4 ? 32 : 128));
  const list = new net.BlockList();
  try {
    list.addSubnet(base, bits, family === 4 ? "ipv4" : "ipv6");
  } catch {
    return false;
  }
  return list.check(ip, family === 4 ? "ipv4" : "ipv6");
}
