/**
 * The tar format as `kubectl cp` exchanges it: POSIX ustar headers, with
 * PAX extended headers (written for long names, read as Go's archive/tar
 * writes them) and GNU long names (read). Whole archives in memory: a sim
 * container's files are small.
 *
 * Layout: per entry a 512-byte header, then the data padded to 512; two
 * zero blocks end the archive.
 */

export interface TarEntry {
  /** Relative path; directories without a trailing slash. */
  name: string;
  type: "file" | "dir" | "symlink";
  mode: number;
  /** ms since the epoch. */
  mtime: number;
  data?: Uint8Array;
  linkname?: string;
}

const BLOCK = 512;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class TarFormatError extends Error {}

function octal(n: number, width: number): string {
  return n.toString(8).padStart(width - 1, "0") + "\0";
}

function header(name: string, type: string, mode: number, size: number, mtimeS: number, linkname = ""): Uint8Array {
  const h = new Uint8Array(BLOCK);
  const put = (s: string, at: number, len: number) => h.set(encoder.encode(s).subarray(0, len), at);
  put(name, 0, 100);
  put(octal(mode & 0o7777, 8), 100, 8);
  put(octal(0, 8), 108, 8);
  put(octal(0, 8), 116, 8);
  put(octal(size, 12), 124, 12);
  put(octal(mtimeS, 12), 136, 12);
  put("        ", 148, 8);
  put(type, 156, 1);
  put(linkname, 157, 100);
  put("ustar\0" + "00", 257, 8);
  put("root", 265, 32);
  put("root", 297, 32);
  const sum = h.reduce((a, b) => a + b, 0);
  put(sum.toString(8).padStart(6, "0") + "\0 ", 148, 8);
  return h;
}

function padded(data: Uint8Array): Uint8Array[] {
  const rest = data.length % BLOCK;
  return rest ? [data, new Uint8Array(BLOCK - rest)] : [data];
}

function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let len = body.length + 1;
  while (String(len).length + encoder.encode(body).length !== len) len = String(len).length + encoder.encode(body).length;
  return `${len}${body}`;
}

/** Writes an archive. */
export function writeTar(entries: TarEntry[]): Uint8Array {
  const out: Uint8Array[] = [];
  for (const e of entries) {
    const name = e.type === "dir" ? `${e.name.replace(/\/$/, "")}/` : e.name;
    const type = e.type === "dir" ? "5" : e.type === "symlink" ? "2" : "0";
    const size = e.type === "file" ? (e.data?.length ?? 0) : 0;
    const mtimeS = Math.floor(e.mtime / 1000);
    if (encoder.encode(name).length > 100 || encoder.encode(e.linkname ?? "").length > 100) {
      const pax = encoder.encode(paxRecord("path", name) + (e.linkname ? paxRecord("linkpath", e.linkname) : ""));
      out.push(header(`PaxHeaders.0/${name}`.slice(0, 99), "x", 0o644, pax.length, mtimeS), ...padded(pax));
    }
    out.push(header(name, type, e.mode, size, mtimeS, e.linkname));
    if (size) out.push(...padded(e.data!));
  }
  out.push(new Uint8Array(BLOCK * 2));
  return Buffer.concat(out);
}

function field(h: Uint8Array, at: number, len: number): string {
  const raw = h.subarray(at, at + len);
  const end = raw.indexOf(0);
  return decoder.decode(end >= 0 ? raw.subarray(0, end) : raw);
}

function number(h: Uint8Array, at: number, len: number): number {
  // Base-256 (GNU) for large values: first byte has the high bit set.
  if (h[at] & 0x80) {
    let n = 0;
    for (let i = at + 1; i < at + len; i++) n = n * 256 + h[i];
    return n;
  }
  const s = field(h, at, len).trim();
  return s ? parseInt(s, 8) : 0;
}

function parsePax(body: Uint8Array): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  while (i < body.length) {
    const space = body.indexOf(0x20, i);
    if (space < 0) break;
    const len = Number(decoder.decode(body.subarray(i, space)));
    if (!Number.isInteger(len) || len <= 0) throw new TarFormatError("invalid tar header");
    const rec = decoder.decode(body.subarray(space + 1, i + len - 1));
    const eq = rec.indexOf("=");
    out[rec.slice(0, eq)] = rec.slice(eq + 1);
    i += len;
  }
  return out;
}

/** Reads an archive; throws TarFormatError for anything that is not one. */
export function readTar(data: Uint8Array): TarEntry[] {
  const entries: TarEntry[] = [];
  let at = 0;
  let pax: Record<string, string> = {};
  let longName: string | undefined;
  while (at + BLOCK <= data.length) {
    const h = data.subarray(at, at + BLOCK);
    if (h.every((b) => b === 0)) break;
    const sum = number(h, 148, 8);
    const actual = h.reduce((a, b, i) => a + (i >= 148 && i < 156 ? 0x20 : b), 0);
    if (sum !== actual) throw new TarFormatError("invalid tar header checksum");
    const size = number(h, 124, 12);
    const type = String.fromCharCode(h[156] || 0x30);
    const body = data.subarray(at + BLOCK, at + BLOCK + size);
    if (body.length < size) throw new TarFormatError("unexpected EOF");
    at += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
    if (type === "x") {
      pax = { ...pax, ...parsePax(body) };
      continue;
    }
    if (type === "g") continue;
    if (type === "L") {
      longName = decoder.decode(body).replace(/\0+$/, "");
      continue;
    }
    const prefix = field(h, 345, 155);
    const name = pax.path ?? longName ?? (prefix ? `${prefix}/${field(h, 0, 100)}` : field(h, 0, 100));
    const kind = type === "5" ? "dir" : type === "2" ? "symlink" : type === "0" || type === "7" ? "file" : undefined;
    if (kind) {
      entries.push({
        name: kind === "dir" ? name.replace(/\/+$/, "") : name,
        type: kind,
        mode: number(h, 100, 8),
        mtime: Number(pax.mtime ?? number(h, 136, 12)) * 1000,
        data: kind === "file" ? body.slice() : undefined,
        linkname: kind === "symlink" ? (pax.linkpath ?? field(h, 157, 100)) : undefined,
      });
    }
    pax = {};
    longName = undefined;
  }
  return entries;
}
