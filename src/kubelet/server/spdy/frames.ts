/**
 * SPDY/3.1 framing (draft-mbelshe-httpbis-spdy-00, plus 3.1's session
 * window). Control frames: 0x8003, 16-bit type, flags, 24-bit length;
 * data frames: 31-bit stream id, flags, 24-bit length. Header blocks are
 * passed through compressed; header-codec.ts inflates and deflates them.
 *
 *   SYN_STREAM 80 03 00 01 | flags | len | stream id | assoc id | pri<<5 | slot | headers
 */
export const FLAG_FIN = 0x01;
export const FLAG_UNIDIRECTIONAL = 0x02;

export const SYN_STREAM = 1;
export const SYN_REPLY = 2;
export const RST_STREAM = 3;
export const SETTINGS = 4;
export const PING = 6;
export const GOAWAY = 7;
export const HEADERS = 8;
export const WINDOW_UPDATE = 9;

/** RST_STREAM status codes. */
export const RST = { PROTOCOL_ERROR: 1, INVALID_STREAM: 2, REFUSED_STREAM: 3, CANCEL: 5, INTERNAL_ERROR: 6, STREAM_IN_USE: 8, STREAM_ALREADY_CLOSED: 9 } as const;

export const SETTINGS_INITIAL_WINDOW_SIZE = 7;
export const DEFAULT_WINDOW = 64 * 1024;
export const MAX_FRAME_LENGTH = 0xffffff;

export type Frame =
  | { type: "data"; streamId: number; flags: number; data: Buffer }
  | { type: "syn_stream"; streamId: number; associatedId: number; priority: number; flags: number; headerBlock: Buffer }
  | { type: "syn_reply"; streamId: number; flags: number; headerBlock: Buffer }
  | { type: "headers"; streamId: number; flags: number; headerBlock: Buffer }
  | { type: "rst_stream"; streamId: number; status: number }
  | { type: "settings"; flags: number; entries: { id: number; flags: number; value: number }[] }
  | { type: "ping"; id: number }
  | { type: "goaway"; lastGoodStreamId: number; status: number }
  | { type: "window_update"; streamId: number; delta: number }
  | { type: "unknown"; frameType: number };

function control(type: number, flags: number, payload: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt16BE(0x8003, 0);
  head.writeUInt16BE(type, 2);
  head.writeUInt32BE(payload.length, 4);
  head[4] = flags;
  return Buffer.concat([head, payload]);
}

const u32 = (...values: number[]) => {
  const b = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => b.writeUInt32BE(v >>> 0, i * 4));
  return b;
};

export function encodeFrame(f: Frame): Buffer {
  switch (f.type) {
    case "data": {
      const head = Buffer.alloc(8);
      head.writeUInt32BE(f.streamId & 0x7fffffff, 0);
      head.writeUInt32BE(f.data.length, 4);
      head[4] = f.flags;
      return Buffer.concat([head, f.data]);
    }
    case "syn_stream": {
      const fixed = Buffer.alloc(10);
      fixed.writeUInt32BE(f.streamId & 0x7fffffff, 0);
      fixed.writeUInt32BE(f.associatedId & 0x7fffffff, 4);
      fixed[8] = (f.priority & 7) << 5;
      return control(SYN_STREAM, f.flags, Buffer.concat([fixed, f.headerBlock]));
    }
    case "syn_reply":
      return control(SYN_REPLY, f.flags, Buffer.concat([u32(f.streamId & 0x7fffffff), f.headerBlock]));
    case "headers":
      return control(HEADERS, f.flags, Buffer.concat([u32(f.streamId & 0x7fffffff), f.headerBlock]));
    case "rst_stream":
      return control(RST_STREAM, 0, u32(f.streamId & 0x7fffffff, f.status));
    case "settings": {
      const body = Buffer.alloc(4 + f.entries.length * 8);
      body.writeUInt32BE(f.entries.length, 0);
      f.entries.forEach((e, i) => {
        body.writeUInt32BE(e.id & 0xffffff, 4 + i * 8);
        body[4 + i * 8] = e.flags;
        body.writeUInt32BE(e.value >>> 0, 8 + i * 8);
      });
      return control(SETTINGS, f.flags, body);
    }
    case "ping":
      return control(PING, 0, u32(f.id));
    case "goaway":
      return control(GOAWAY, 0, u32(f.lastGoodStreamId & 0x7fffffff, f.status));
    case "window_update":
      return control(WINDOW_UPDATE, 0, u32(f.streamId & 0x7fffffff, f.delta & 0x7fffffff));
    case "unknown":
      throw new Error("cannot encode an unknown frame");
  }
}

/** Splits a byte stream into frames; keeps a partial frame until the rest arrives. */
export class FrameParser {
  private buffered: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Frame[] {
    this.buffered = this.buffered.length ? Buffer.concat([this.buffered, chunk]) : chunk;
    const out: Frame[] = [];
    while (this.buffered.length >= 8) {
      const length = this.buffered.readUInt32BE(4) & 0xffffff;
      if (this.buffered.length < 8 + length) break;
      const frame = this.buffered.subarray(0, 8 + length);
      this.buffered = this.buffered.subarray(8 + length);
      out.push(decodeFrame(frame));
    }
    return out;
  }
}

/** Decodes one complete frame. Throws on a control frame of another SPDY version. */
export function decodeFrame(b: Buffer): Frame {
  const flags = b[4];
  const p = b.subarray(8);
  if ((b[0] & 0x80) === 0) return { type: "data", streamId: b.readUInt32BE(0) & 0x7fffffff, flags, data: p };
  const version = b.readUInt16BE(0) & 0x7fff;
  if (version !== 3) throw new Error(`unsupported SPDY version ${version}`);
  const type = b.readUInt16BE(2);
  const id = () => p.readUInt32BE(0) & 0x7fffffff;
  switch (type) {
    case SYN_STREAM:
      return { type: "syn_stream", streamId: id(), associatedId: p.readUInt32BE(4) & 0x7fffffff, priority: p[8] >> 5, flags, headerBlock: p.subarray(10) };
    case SYN_REPLY:
      return { type: "syn_reply", streamId: id(), flags, headerBlock: p.subarray(4) };
    case HEADERS:
      return { type: "headers", streamId: id(), flags, headerBlock: p.subarray(4) };
    case RST_STREAM:
      return { type: "rst_stream", streamId: id(), status: p.readUInt32BE(4) };
    case SETTINGS: {
      const n = p.readUInt32BE(0);
      const entries = [];
      for (let i = 0; i < n && 4 + i * 8 + 8 <= p.length; i++) entries.push({ flags: p[4 + i * 8], id: p.readUInt32BE(4 + i * 8) & 0xffffff, value: p.readUInt32BE(8 + i * 8) });
      return { type: "settings", flags, entries };
    }
    case PING:
      return { type: "ping", id: p.readUInt32BE(0) };
    case GOAWAY:
      return { type: "goaway", lastGoodStreamId: id(), status: p.length >= 8 ? p.readUInt32BE(4) : 0 };
    case WINDOW_UPDATE:
      return { type: "window_update", streamId: id(), delta: p.readUInt32BE(4) & 0x7fffffff };
    default:
      return { type: "unknown", frameType: type };
  }
}
