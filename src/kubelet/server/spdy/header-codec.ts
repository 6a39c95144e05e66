/**
 * SPDY/3 header blocks: a count, then length-prefixed names and values
 * (several values of one name joined by NUL), compressed with one zlib
 * context per direction for the whole session, primed with SPDY's
 * dictionary and flushed with Z_SYNC_FLUSH after each block.
 */
import zlib from "node:zlib";
import { SPDY3_DICTIONARY } from "./dictionary.js";

export type HeaderMap = Record<string, string[]>;

export function serializeHeaders(h: HeaderMap): Buffer {
  const parts: Buffer[] = [];
  const u32 = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(n);
    return b;
  };
  const names = Object.keys(h);
  parts.push(u32(names.length));
  for (const name of names) {
    const n = Buffer.from(name.toLowerCase(), "utf8");
    const v = Buffer.from(h[name].join("\0"), "utf8");
    parts.push(u32(n.length), n, u32(v.length), v);
  }
  return Buffer.concat(parts);
}

export function parseHeaders(b: Buffer): HeaderMap {
  const out: HeaderMap = {};
  let o = 0;
  const need = (n: number) => {
    if (o + n > b.length) throw new Error("truncated SPDY header block");
  };
  need(4);
  const count = b.readUInt32BE(o);
  o += 4;
  for (let i = 0; i < count; i++) {
    need(4);
    const nl = b.readUInt32BE(o);
    o += 4;
    need(nl);
    const name = b.subarray(o, o + nl).toString("utf8").toLowerCase();
    o += nl;
    need(4);
    const vl = b.readUInt32BE(o);
    o += 4;
    need(vl);
    const values = b.subarray(o, o + vl).toString("utf8").split("\0");
    o += vl;
    (out[name] ??= []).push(...values);
  }
  return out;
}

/** One direction's zlib context; calls run one at a time, in order. */
class ZlibContext {
  private queue: Promise<unknown> = Promise.resolve();
  constructor(private readonly z: zlib.Deflate | zlib.Inflate) {
    z.on("error", () => undefined);
  }

  run(input: Buffer): Promise<Buffer> {
    const next = this.queue.then(
      () =>
        new Promise<Buffer>((resolve, reject) => {
          const onError = (err: Error) => reject(err);
          this.z.once("error", onError);
          this.z.write(input);
          this.z.flush(zlib.constants.Z_SYNC_FLUSH, () => {
            this.z.removeListener("error", onError);
            const chunks: Buffer[] = [];
            let c: Buffer | null;
            while ((c = this.z.read() as Buffer | null) !== null) chunks.push(c);
            resolve(Buffer.concat(chunks));
          });
        }),
    );
    this.queue = next.catch(() => undefined);
    return next;
  }

  close(): void {
    this.z.close();
  }
}

/** The compressor and decompressor of one SPDY session. */
export class HeaderCodec {
  private readonly deflate = new ZlibContext(zlib.createDeflate({ dictionary: SPDY3_DICTIONARY }));
  private readonly inflate = new ZlibContext(zlib.createInflate({ dictionary: SPDY3_DICTIONARY }));

  encode(h: HeaderMap): Promise<Buffer> {
    return this.deflate.run(serializeHeaders(h));
  }

  async decode(block: Buffer): Promise<HeaderMap> {
    return parseHeaders(await this.inflate.run(block));
  }

  close(): void {
    this.deflate.close();
    this.inflate.close();
  }
}
