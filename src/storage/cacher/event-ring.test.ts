import { test } from "node:test";
import assert from "node:assert/strict";
import { EventRing } from "./event-ring.js";

const ev = (revision: number) => ({ revision });

const cases: { name: string; capacity: number; start: number; pushed: number[]; from: number; want: number[] | undefined }[] = [
  { name: "An empty ring resumes from its start revision with nothing to replay", capacity: 3, start: 10, pushed: [], from: 10, want: [] },
  { name: "A ring replays only events after the requested revision", capacity: 5, start: 0, pushed: [1, 2, 3, 4], from: 2, want: [3, 4] },
  { name: "A ring refuses revisions before its start", capacity: 5, start: 10, pushed: [11], from: 9, want: undefined },
  { name: "A full ring evicts the oldest event and refuses revisions before it", capacity: 3, start: 0, pushed: [1, 2, 3, 4, 5], from: 1, want: undefined },
  { name: "A full ring still replays from the evicted event's revision", capacity: 3, start: 0, pushed: [1, 2, 3, 4, 5], from: 2, want: [3, 4, 5] },
  { name: "A future revision replays nothing", capacity: 3, start: 0, pushed: [1, 2], from: 9, want: [] },
];

for (const c of cases) {
  test(c.name, () => {
    const ring = new EventRing<{ revision: number }>(c.capacity, c.start);
    for (const r of c.pushed) ring.push(ev(r));
    assert.deepEqual(ring.since(c.from)?.map((e) => e.revision), c.want);
    assert.equal(ring.length, Math.min(c.capacity, c.pushed.length));
  });
}

test("reset forgets every event and starts the window at the given revision", () => {
  const ring = new EventRing<{ revision: number }>(2, 0);
  ring.push(ev(1));
  ring.push(ev(2));
  ring.push(ev(3));
  ring.reset(7);
  assert.equal(ring.complete(), 7);
  assert.deepEqual(ring.since(7), []);
  assert.equal(ring.since(6), undefined);
});

test("push hands back the event a full ring evicts", () => {
  const ring = new EventRing<{ revision: number }>(2, 0);
  assert.equal(ring.push(ev(1)), undefined);
  assert.equal(ring.push(ev(2)), undefined);
  assert.equal(ring.push(ev(3))?.revision, 1);
  assert.equal(ring.push(ev(4))?.revision, 2);
});
