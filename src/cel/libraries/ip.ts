/**
 * Kubernetes' CEL IP and CIDR libraries: ip(), isIP(), cidr(), isCIDR(),
 * family(), the address classes, containsIP(), containsCIDR(), ip(),
 * masked() and prefixLength(). Like upstream, IPv4-mapped IPv6 addresses
 * and zones are refused.
 */
import { celFunc, celMethod, CelScalar, type CelFunc } from "@bufbuild/cel";
import { expect, opaque, unwrap } from "./opaque.js";

/** An address as bytes (4 or 16), or undefined when s is not one Go's netip would accept here. */
function parseAddr(s: string): number[] | undefined {
  if (s.includes("%")) return undefined;
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (v4) {
    const parts = v4.slice(1).map((p) => (p.length > 1 && p.startsWith("0") ? 256 : Number(p)));
    return parts.every((p) => p <= 255) ? parts : undefined;
  }
  if (!s.includes(":")) return undefined;
  let head = s;
  let tailV4: number[] = [];
  const lastColon = s.lastIndexOf(":");
  if (s.slice(lastColon + 1).includes(".")) {
    const v = parseAddr(s.slice(lastColon + 1));
    if (!v || v.length !== 4) return undefined;
    tailV4 = v;
    head = s.slice(0, lastColon + 1) + "0:0";
  }
  const halves = head.split("::");
  if (halves.length > 2) return undefined;
  const groups = (h: string) => (h === "" ? [] : h.split(":"));
  const left = groups(halves[0]);
  const right = halves.length === 2 ? groups(halves[1]) : [];
  if ([...left, ...right].some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  const missing = 8 - left.length - right.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const words = [...left, ...Array(halves.length === 2 ? missing : 0).fill("0"), ...right].map((g) => parseInt(g, 16));
  const bytes = words.flatMap((w) => [w >> 8, w & 255]);
  if (tailV4.length) bytes.splice(12, 4, ...tailV4);
  return bytes;
}

function isV4Mapped(b: number[]): boolean {
  return b.length === 16 && b.slice(0, 10).every((x) => x === 0) && b[10] === 255 && b[11] === 255;
}

function formatAddr(b: number[]): string {
  if (b.length === 4) return b.join(".");
  const words = Array.from({ length: 8 }, (_, i) => (b[2 * i] << 8) | b[2 * i + 1]);
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = words.map((w) => w.toString(16));
  if (best < 0) return hex.join(":");
  return `${hex.slice(0, best).join(":")}::${hex.slice(best + bestLen).join(":")}`;
}

function ipBytes(s: string): number[] {
  const b = parseAddr(s);
  if (s.includes("%")) throw new Error("IP address with zone value is not allowed");
  if (!b) throw new Error(`IP Address ${JSON.stringify(s)} parse error during conversion from string: ParseAddr(${JSON.stringify(s)}): unable to parse IP`);
  if (isV4Mapped(b)) throw new Error("IPv4-mapped IPv6 address is not allowed");
  return b;
}

interface Prefix {
  addr: number[];
  bits: number;
}

function parsePrefix(s: string): Prefix {
  const i = s.indexOf("/");
  const bits = i < 0 ? NaN : Number(s.slice(i + 1));
  const addr = i < 0 ? undefined : parseAddr(s.slice(0, i));
  if (!addr || !/^\d{1,3}$/.test(s.slice(i + 1)) || bits > addr.length * 8) {
    throw new Error(`network address parse error during conversion from string: netip.ParsePrefix(${JSON.stringify(s)}): invalid prefix`);
  }
  if (isV4Mapped(addr)) throw new Error("IPv4-mapped IPv6 address is not allowed");
  return { addr, bits };
}

function mask(addr: number[], bits: number): number[] {
  return addr.map((b, i) => {
    const keep = Math.max(0, Math.min(8, bits - i * 8));
    return b & ((0xff << (8 - keep)) & 0xff);
  });
}

function contains(p: Prefix, addr: number[]): boolean {
  if (addr.length !== p.addr.length) return false;
  const a = mask(addr, p.bits);
  const m = mask(p.addr, p.bits);
  return a.every((x, i) => x === m[i]);
}

const ip = (v: unknown) => expect("ip", v, (p) => ipBytes(String(p)));
const cidr = (v: unknown) => expect("cidr", v, (p) => parsePrefix(String(p)));
const wrapIP = (b: number[]) => opaque("ip", formatAddr(b));
const wrapCIDR = (p: Prefix) => opaque("cidr", `${formatAddr(p.addr)}/${p.bits}`);

const ok = (f: () => unknown) => {
  try {
    f();
    return true;
  } catch {
    return false;
  }
};

/** An IP operand given as an IP value or a string. */
const ipOperand = (v: unknown) => (typeof v === "string" ? ipBytes(v) : ip(v));
const cidrOperand = (v: unknown) => (typeof v === "string" ? parsePrefix(v) : cidr(v));

export const ipLibrary: CelFunc[] = [
  celFunc("ip", [CelScalar.STRING], CelScalar.DYN, (s) => wrapIP(ipBytes(s))),
  celFunc("isIP", [CelScalar.STRING], CelScalar.BOOL, (s) => ok(() => ipBytes(s))),
  celFunc("cidr", [CelScalar.STRING], CelScalar.DYN, (s) => wrapCIDR(parsePrefix(s))),
  celFunc("isCIDR", [CelScalar.STRING], CelScalar.BOOL, (s) => ok(() => parsePrefix(s))),
  celMethod("family", CelScalar.DYN, [], CelScalar.INT, function () {
    return ip(this).length === 4 ? 4n : 6n;
  }),
  celMethod("isUnspecified", CelScalar.DYN, [], CelScalar.BOOL, function () {
    return ip(this).every((b) => b === 0);
  }),
  celMethod("isLoopback", CelScalar.DYN, [], CelScalar.BOOL, function () {
    const b = ip(this);
    return b.length === 4 ? b[0] === 127 : b.slice(0, 15).every((x) => x === 0) && b[15] === 1;
  }),
  celMethod("isLinkLocalMulticast", CelScalar.DYN, [], CelScalar.BOOL, function () {
    const b = ip(this);
    return b.length === 4 ? b[0] === 224 && b[1] === 0 && b[2] === 0 : b[0] === 0xff && (b[1] & 0x0f) === 0x02;
  }),
  celMethod("isLinkLocalUnicast", CelScalar.DYN, [], CelScalar.BOOL, function () {
    const b = ip(this);
    return b.length === 4 ? b[0] === 169 && b[1] === 254 : b[0] === 0xfe && (b[1] & 0xc0) === 0x80;
  }),
  celMethod("isGlobalUnicast", CelScalar.DYN, [], CelScalar.BOOL, function () {
    const b = ip(this);
    if (b.every((x) => x === 0)) return false;
    if (b.length === 4) return !(b[0] === 127 || b[0] >= 224 || (b[0] === 169 && b[1] === 254) || b.every((x) => x === 255));
    return !(b[0] === 0xff || (b[0] === 0xfe && (b[1] & 0xc0) === 0x80) || (b.slice(0, 15).every((x) => x === 0) && b[15] === 1));
  }),
  celMethod("containsIP", CelScalar.DYN, [CelScalar.DYN], CelScalar.BOOL, function (other) {
    return contains(cidr(this), ipOperand(other));
  }),
  celMethod("containsCIDR", CelScalar.DYN, [CelScalar.DYN], CelScalar.BOOL, function (other) {
    const outer = cidr(this);
    const inner = cidrOperand(other);
    return inner.bits >= outer.bits && contains(outer, inner.addr);
  }),
  celMethod("ip", CelScalar.DYN, [], CelScalar.DYN, function () {
    return wrapIP(cidr(this).addr);
  }),
  celMethod("masked", CelScalar.DYN, [], CelScalar.DYN, function () {
    const p = cidr(this);
    return wrapCIDR({ addr: mask(p.addr, p.bits), bits: p.bits });
  }),
  celMethod("prefixLength", CelScalar.DYN, [], CelScalar.INT, function () {
    return BigInt(cidr(this).bits);
  }),
];

export function isNetworkValue(v: unknown): boolean {
  return unwrap("ip", v) !== undefined || unwrap("cidr", v) !== undefined;
}
