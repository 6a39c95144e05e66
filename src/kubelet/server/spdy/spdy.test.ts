import { test } from "node:test";
import assert from "node:assert/strict";
import { Duplex, PassThrough } from "node:stream";
import { SPDY3_DICTIONARY } from "./dictionary.js";
import { decodeFrame, encodeFrame, FrameParser, FLAG_FIN, type Frame } from "./frames.js";
import { HeaderCodec, parseHeaders, serializeHeaders } from "./header-codec.js";
import { SpdySession, socketTransport } from "./session.js";

/** Two connected in-memory sockets. */
function socketPair(): [Duplex, Duplex] {
  const ab = new PassThrough();
  const ba = new PassThrough();
  const a = Duplex.from({ readable: ba, writable: ab });
  const b = Duplex.from({ readable: ab, writable: ba });
  return [a, b];
}

test("The SPDY/3 dictionary is the spec's 1423 bytes, starting with options and ending with enq=0.", () => {
  assert.equal(SPDY3_DICTIONARY.length, 1423);
  assert.equal(SPDY3_DICTIONARY.subarray(0, 11).toString("latin1"), "\0\0\0\x07options");
  assert.equal(SPDY3_DICTIONARY.subarray(-6).toString("latin1"), "enq=0.");
});

test("Every frame type survives an encode/decode round trip.", () => {
  const frames: Frame[] = [
    { type: "data", streamId: 5, flags: FLAG_FIN, data: Buffer.from("hello") },
    { type: "syn_stream", streamId: 3, associatedId: 0, priority: 2, flags: 0, headerBlock: Buffer.from([1, 2, 3]) },
    { type: "syn_reply", streamId: 3, flags: FLAG_FIN, headerBlock: Buffer.from([4]) },
    { type: "headers", streamId: 3, flags: 0, headerBlock: Buffer.from([5]) },
    { type: "rst_stream", streamId: 7, status: 5 },
    { type: "settings", flags: 0, entries: [{ id: 7, flags: 0, value: 65536 }] },
    { type: "ping", id: 9 },
    { type: "goaway", lastGoodStreamId: 11, status: 0 },
    { type: "window_update", streamId: 0, delta: 1000 },
  ];
  for (const f of frames) assert.deepEqual(decodeFrame(encodeFrame(f)), f, f.type);
});

test("The frame parser waits for a frame's last byte, across any chunking.", () => {
  const bytes = Buffer.concat([encodeFrame({ type: "ping", id: 1 }), encodeFrame({ type: "data", streamId: 1, flags: 0, data: Buffer.from("abc") })]);
  const p = new FrameParser();
  const out: Frame[] = [];
  for (const b of bytes) out.push(...p.push(Buffer.from([b])));
  assert.deepEqual(out.map((f) => f.type), ["ping", "data"]);
});

test("Header blocks serialize with NUL-joined values and lower-cased names.", () => {
  const h = { StreamType: ["error"], port: ["80", "81"] };
  assert.deepEqual(parseHeaders(serializeHeaders(h)), { streamtype: ["error"], port: ["80", "81"] });
});

test("Compressed header blocks round-trip through one shared zlib context per direction.", async () => {
  const sender = new HeaderCodec();
  const receiver = new HeaderCodec();
  for (let i = 0; i < 3; i++) {
    const h = { streamtype: ["data"], port: [String(8080 + i)], requestid: [String(i)] };
    const block = await sender.encode(h);
    assert.deepEqual(await receiver.decode(block), h);
  }
  sender.close();
  receiver.close();
});

test("A client opens streams on a server session; data flows both ways and FIN ends each half.", async () => {
  const [a, b] = socketPair();
  const server = new SpdySession(socketTransport(a), true);
  const client = new SpdySession(socketTransport(b), false);
  const accepted = new Promise<string>((resolve) =>
    server.on("stream", (s) => {
      s.reply();
      let got = "";
      s.on("data", (c: Buffer) => (got += c));
      s.on("end", () => {
        s.end(`echo:${got}`);
        resolve(s.header("streamtype") ?? "");
      });
    }),
  );
  const stream = await client.open({ streamtype: ["data"] });
  stream.end("ping");
  let reply = "";
  stream.on("data", (c: Buffer) => (reply += c));
  await new Promise((r) => stream.on("end", r));
  assert.equal(await accepted, "data");
  assert.equal(reply, "echo:ping");
  client.close();
  await new Promise<void>((r) => server.once("close", () => r()));
});
