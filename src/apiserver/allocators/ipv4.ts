/** IPv4 arithmetic for CIDR ranges. */

export interface Cidr4 {
  base: number;
  bits: number;
  size: number;
  text: string;
}

export function parseIPv4(s: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return ((parts[0] << 24) >>> 0) + (parts[1] << 16) + (parts[2] << 8) + parts[3];
}

export function formatIPv4(n: number): string {
  return [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
}

export function parseCidr4(s: string): Cidr4 {
  const [ip, bitsText] = s.split("/");
  const addr = parseIPv4(ip);
  const bits = Number(bitsText);
  if (addr === undefined || !Number.isInteger(bits) || bits < 0 || bits > 32) throw new Error(`invalid CIDR address: ${s}`);
  const size = 2 ** (32 - bits);
  const base = bits === 0 ? 0 : (addr & ~(size - 1)) >>> 0;
  return { base, bits, size, text: `${formatIPv4(base)}/${bits}` };
}

export function cidrContains(c: Cidr4, ip: number): boolean {
  return ip >= c.base && ip < c.base + c.size;
}
