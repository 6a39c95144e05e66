import { test } from "node:test";
import assert from "node:assert/strict";
import { CidrSet, CidrSetFullError } from "./cidr-set.js";

test("subnets are handed out in order from the start of the cluster CIDR", () => {
  const set = new CidrSet("10.244.0.0/16", 24);
  assert.deepEqual([set.allocate(), set.allocate(), set.allocate()], ["10.244.0.0/24", "10.244.1.0/24", "10.244.2.0/24"]);
});

test("subnets occupied by existing nodes are skipped", () => {
  const set = new CidrSet("10.244.0.0/16", 24);
  set.occupy("10.244.0.0/24");
  set.occupy("10.244.1.0/24");
  assert.equal(set.allocate(), "10.244.2.0/24");
});

test("a released subnet is reused once the rotation wraps around", () => {
  const set = new CidrSet("10.0.0.0/30", 31);
  const a = set.allocate();
  set.allocate();
  set.release(a);
  assert.equal(set.allocate(), a);
});

test("a full range throws the upstream allocation error", () => {
  const set = new CidrSet("10.0.0.0/24", 25);
  set.allocate();
  set.allocate();
  assert.throws(() => set.allocate(), (e: unknown) => e instanceof CidrSetFullError && /no remaining CIDRs left to allocate/.test(e.message));
});

test("a service range inside the cluster CIDR occupies every subnet it overlaps", () => {
  const set = new CidrSet("10.0.0.0/22", 24);
  assert.equal(set.occupy("10.0.1.0/23"), true);
  assert.equal(set.free(), 2);
  assert.equal(set.occupy("192.168.0.0/16"), false);
});

test("a mask size smaller than the cluster prefix is refused", () => {
  assert.throws(() => new CidrSet("10.244.0.0/16", 8));
});
