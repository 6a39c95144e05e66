/**
 * A SPDY/3.1 session over any byte stream (a TCP/TLS socket after an
 * `Upgrade: SPDY/3.1`, or WebSocket binary messages for kubectl's tunnelled
 * port-forward). Streams are Node Duplexes. Both ends of Kubernetes' use
 * are here: the server accepts streams the client opens (exec's stdin,
 * stdout, error ...; port-forward's data and error per connection), the
 * client side opens them (tests, and proxies that speak SPDY onward).
 *
 * Flow control: every DATA frame received is credited back at once with
 * WINDOW_UPDATE on the stream and the session (the kubelet's consumers
 * apply backpressure through the Duplex instead); the peer's windows are
 * not enforced on sending, as moby/spdystream (kubectl's side) does not
 * track them either.
 */
import { EventEmitter } from "node:events";
import { Duplex } from "node:stream";
import { HeaderCodec, type HeaderMap } from "./header-codec.js";
import { DEFAULT_WINDOW, encodeFrame, FLAG_FIN, FrameParser, RST, SETTINGS_INITIAL_WINDOW_SIZE, type Frame } from "./frames.js";

const MAX_DATA_CHUNK = 32 * 1024;

/** The bytes a session runs over. */
export interface SpdyTransport {
  write(chunk: Buffer): void;
  onData(listener: (chunk: Buffer) => void): void;
  onClose(listener: () => void): void;
  close(): void;
}

export class SpdyStream extends Duplex {
  /** Headers of the SYN_STREAM that opened it. */
  headers: HeaderMap = {};
  private replied = false;
  remoteClosed = false;

  constructor(
    readonly id: number,
    private readonly session: SpdySession,
  ) {
    super({ allowHalfOpen: true });
  }

  header(name: string): string | undefined {
    return this.headers[name.toLowerCase()]?.[0];
  }

  /** Accepts a stream the peer opened (SYN_REPLY). */
  reply(headers: HeaderMap = {}, fin = false): void {
    if (this.replied) return;
    this.replied = true;
    this.session.send(async (codec) => encodeFrame({ type: "syn_reply", streamId: this.id, flags: fin ? FLAG_FIN : 0, headerBlock: await codec.encode(headers) }));
  }

  /** Resets the stream (RST_STREAM). */
  reset(status: number = RST.CANCEL): void {
    this.session.send(async () => encodeFrame({ type: "rst_stream", streamId: this.id, status }));
    this.destroy();
  }

  override _read(): void {
    // Data is pushed as frames arrive.
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    for (let o = 0; o < chunk.length; o += MAX_DATA_CHUNK) {
      const data = chunk.subarray(o, o + MAX_DATA_CHUNK);
      this.session.send(async () => encodeFrame({ type: "data", streamId: this.id, flags: 0, data }));
    }
    this.session.flushed().then(() => cb(), cb);
  }

  override _final(cb: (err?: Error | null) => void): void {
    this.session.send(async () => encodeFrame({ type: "data", streamId: this.id, flags: FLAG_FIN, data: Buffer.alloc(0) }));
    this.session.flushed().then(() => cb(), cb);
  }
}

export interface SpdySessionEvents {
  stream: [SpdyStream];
  close: [];
}

export class SpdySession extends EventEmitter<SpdySessionEvents> {
  private readonly codec = new HeaderCodec();
  private readonly parser = new FrameParser();
  private readonly streams = new Map<number, SpdyStream>();
  private readonly replies = new Map<number, (headers: HeaderMap) => void>();
  private out: Promise<void> = Promise.resolve();
  private incoming: Promise<void> = Promise.resolve();
  private nextId: number;
  private lastPeerStream = 0;
  closed = false;

  constructor(
    private readonly transport: SpdyTransport,
    readonly isServer: boolean,
  ) {
    super();
    this.nextId = isServer ? 2 : 1;
    transport.onData((chunk) => {
      let frames: Frame[];
      try {
        frames = this.parser.push(chunk);
      } catch {
        return this.close();
      }
      for (const f of frames) this.incoming = this.incoming.then(() => this.handle(f)).catch(() => this.close());
    });
    // Frames already received are handled before the streams end.
    transport.onClose(() => void (this.incoming = this.incoming.then(() => this.teardown())));
    this.send(async () => encodeFrame({ type: "settings", flags: 0, entries: [{ id: SETTINGS_INITIAL_WINDOW_SIZE, flags: 0, value: DEFAULT_WINDOW }] }));
  }

  /** Queues a frame; frames leave in the order they were queued. */
  send(make: (codec: HeaderCodec) => Promise<Buffer>): void {
    this.out = this.out.then(async () => {
      if (this.closed) return;
      this.transport.write(await make(this.codec));
    });
    this.out = this.out.catch(() => this.close());
  }

  /** Resolves once every queued frame has been handed to the transport. */
  flushed(): Promise<void> {
    return this.out;
  }

  /** Opens a stream (client side) and resolves with it once the peer replied. */
  async open(headers: HeaderMap, fin = false): Promise<SpdyStream> {
    const id = this.nextId;
    this.nextId += 2;
    const stream = new SpdyStream(id, this);
    stream.headers = headers;
    this.streams.set(id, stream);
    const replied = new Promise<HeaderMap>((resolve) => this.replies.set(id, resolve));
    this.send(async (codec) => encodeFrame({ type: "syn_stream", streamId: id, associatedId: 0, priority: 0, flags: fin ? FLAG_FIN : 0, headerBlock: await codec.encode(headers) }));
    await replied;
    return stream;
  }

  close(): void {
    if (this.closed) return;
    this.send(async () => encodeFrame({ type: "goaway", lastGoodStreamId: this.lastPeerStream, status: 0 }));
    void this.flushed().then(() => {
      this.transport.close();
      this.teardown();
    });
  }

  private teardown(): void {
    if (this.closed) return;
    this.closed = true;
    // Streams end rather than being destroyed: data already received is still read.
    for (const s of this.streams.values()) {
      if (!s.remoteClosed) {
        s.remoteClosed = true;
        s.push(null);
      }
    }
    this.streams.clear();
    this.codec.close();
    this.emit("close");
  }

  private async handle(f: Frame): Promise<void> {
    switch (f.type) {
      case "syn_stream": {
        const headers = await this.codec.decode(f.headerBlock);
        this.lastPeerStream = f.streamId;
        const stream = new SpdyStream(f.streamId, this);
        stream.headers = headers;
        this.streams.set(f.streamId, stream);
        stream.on("close", () => this.streams.delete(f.streamId));
        if (f.flags & FLAG_FIN) {
          stream.remoteClosed = true;
          stream.push(null);
        }
        this.emit("stream", stream);
        return;
      }
      case "syn_reply": {
        await this.codec.decode(f.headerBlock).then((h) => this.replies.get(f.streamId)?.(h));
        this.replies.delete(f.streamId);
        if (f.flags & FLAG_FIN) this.remoteFin(f.streamId);
        return;
      }
      case "headers":
        await this.codec.decode(f.headerBlock);
        if (f.flags & FLAG_FIN) this.remoteFin(f.streamId);
        return;
      case "data": {
        const s = this.streams.get(f.streamId);
        if (f.data.length) {
          s?.push(f.data);
          this.send(async () => Buffer.concat([encodeFrame({ type: "window_update", streamId: f.streamId, delta: f.data.length }), encodeFrame({ type: "window_update", streamId: 0, delta: f.data.length })]));
        }
        if (f.flags & FLAG_FIN) this.remoteFin(f.streamId);
        return;
      }
      case "rst_stream": {
        const s = this.streams.get(f.streamId);
        if (s) {
          if (!s.remoteClosed) s.push(null);
          s.destroy();
        }
        return;
      }
      case "ping":
        // Pings the peer initiated (odd ids from a client, even from a server) are echoed.
        if ((f.id % 2 === 1) === this.isServer) this.send(async () => encodeFrame({ type: "ping", id: f.id }));
        return;
      case "goaway":
        this.transport.close();
        this.teardown();
        return;
      default:
        return;
    }
  }

  private remoteFin(id: number): void {
    const s = this.streams.get(id);
    if (!s || s.remoteClosed) return;
    s.remoteClosed = true;
    s.push(null);
  }
}

/** A socket as a session transport. */
export function socketTransport(socket: Duplex): SpdyTransport {
  return {
    write: (chunk) => void (socket.writable && socket.write(chunk)),
    onData: (l) => socket.on("data", l),
    onClose: (l) => {
      socket.on("close", l);
      socket.on("error", l);
    },
    close: () => socket.end(),
  };
}
