import { test } from "node:test";
import assert from "node:assert/strict";
import { createLimiter } from "./limiter.js";

test("a limiter lets max holders in at once and the rest in arrival order", async () => {
  const limit = createLimiter(2);
  const order: string[] = [];
  const a = await limit();
  const b = await limit();
  const c = limit().then((r) => (order.push("c"), r));
  const d = limit().then((r) => (order.push("d"), r));
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(order, [], "both slots are held");
  a();
  a(); // a second release of the same hold counts once
  const rc = await c;
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(order, ["c"]);
  b();
  const rd = await d;
  assert.deepEqual(order, ["c", "d"]);
  rc();
  rd();
  const e = await limit();
  const f = await limit();
  e();
  f();
});
