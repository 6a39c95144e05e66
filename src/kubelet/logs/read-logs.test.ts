import { test } from "node:test";
import assert from "node:assert/strict";
import { VirtualClock } from "../../util/clock.js";
import { createMemoryFilesystem } from "../runtime/sim/memory-filesystem.js";
import { formatCriLogLine, parseCriLogLine } from "./cri-log.js";
import { readContainerLogs, tailOffset, type LogOptions } from "./read-logs.js";

const PATH = "/var/log/pods/default_web_uid/app/0.log";
const T = (s: number) => `2026-01-01T00:00:0${s}.123456789Z`;

function setup(lines: string[]) {
  const clock = new VirtualClock(Date.UTC(2026, 0, 1, 0, 0, 10));
  const fs = createMemoryFilesystem({ clock });
  fs.writeFile(PATH, lines.join(""));
  return { clock, fs };
}

function sink() {
  const chunks: Buffer[] = [];
  return { chunks, text: () => Buffer.concat(chunks).toString(), write: (c: Buffer) => (chunks.push(c), true), drained: () => Promise.resolve() };
}

async function read(lines: string[], options: LogOptions): Promise<string> {
  const { clock, fs } = setup(lines);
  const out = sink();
  await readContainerLogs({ fs, path: PATH, clock, options, sink: out, stillRunning: async () => false, signal: new AbortController().signal });
  return out.text();
}

const LINES = [formatCriLogLine(T(1), "stdout", "one"), formatCriLogLine(T(2), "stderr", "two"), formatCriLogLine(T(3), "stdout", "thr", true), formatCriLogLine(T(4), "stdout", "ee")];

test("A CRI line parses into time, stream, tag and content; other lines are not entries.", () => {
  const e = parseCriLogLine(Buffer.from("2026-01-01T00:00:01.5Z stderr P a b"))!;
  assert.equal(e.stream, "stderr");
  assert.equal(e.partial, true);
  assert.equal(e.content.toString(), "a b");
  assert.equal(e.timeMs, Date.UTC(2026, 0, 1, 0, 0, 1, 500));
  assert.equal(parseCriLogLine(Buffer.from("garbage")), undefined);
});

test("Both streams are read in order; a partial entry joins the next without a newline.", async () => {
  assert.equal(await read(LINES, {}), "one\ntwo\nthree\n");
});

test("Timestamps prefix every entry with its time as written.", async () => {
  assert.equal(await read(LINES.slice(0, 2), { timestamps: true }), `${T(1)} one\n${T(2)} two\n`);
});

test("tailLines keeps the last lines of the file; 0 keeps none.", async () => {
  assert.equal(await read(LINES, { tailLines: 2 }), "three\n");
  assert.equal(await read(LINES, { tailLines: 3 }), "two\nthree\n");
  assert.equal(await read(LINES, { tailLines: 0 }), "");
  assert.equal(tailOffset(Buffer.from("a\nb\n"), 5), 0);
});

test("sinceMs drops entries written before it.", async () => {
  assert.equal(await read(LINES, { sinceMs: Date.UTC(2026, 0, 1, 0, 0, 2) }), "two\nthree\n");
});

test("limitBytes cuts the output at that many bytes.", async () => {
  assert.equal(await read(LINES, { limitBytes: 6 }), "one\ntw");
});

test("A missing file is an error worded as upstream's.", async () => {
  const { clock, fs } = setup([]);
  await assert.rejects(
    readContainerLogs({ fs, path: "/nope.log", clock, options: {}, sink: sink(), stillRunning: async () => false, signal: new AbortController().signal }),
    /failed to open log file "\/nope.log": open \/nope.log: no such file or directory/,
  );
});

test("follow streams new lines as they are appended and ends once the container stopped.", async () => {
  const { clock, fs } = setup([LINES[0]]);
  const out = sink();
  let running = true;
  const done = readContainerLogs({ fs, path: PATH, clock, options: { follow: true }, sink: out, stillRunning: async () => running, signal: new AbortController().signal });
  await new Promise((r) => setImmediate(r));
  assert.equal(out.text(), "one\n");
  fs.appendFile(PATH, LINES[1]);
  await new Promise((r) => setImmediate(r));
  assert.equal(out.text(), "one\ntwo\n");
  running = false;
  fs.appendFile(PATH, formatCriLogLine(T(5), "stdout", "last"));
  await clock.advance(1_000);
  await done;
  assert.equal(out.text(), "one\ntwo\nlast\n");
});

test("follow ends when the client goes away.", async () => {
  const { clock, fs } = setup([LINES[0]]);
  const abort = new AbortController();
  const done = readContainerLogs({ fs, path: PATH, clock, options: { follow: true }, sink: sink(), stillRunning: async () => true, signal: abort.signal });
  abort.abort();
  await done;
});
