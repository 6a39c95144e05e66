import { test } from "node:test";
import assert from "node:assert/strict";
import { createDependencyGate, parseDependsOn, type GatedContainer, type PodDialer } from "./dependencies.js";

test("depends-on lists host:port pairs; entries without a valid port are skipped", () => {
  assert.deepEqual(parseDependsOn("web.default.svc:80, redis:6379,bad,x:0,[fd00::1]:53"), [
    { host: "web.default.svc", port: 80 },
    { host: "redis", port: 6379 },
    { host: "fd00::1", port: 53 },
  ]);
  assert.deepEqual(parseDependsOn(undefined), []);
});

const settle = () => new Promise((r) => setImmediate(r));

function container(annotations: Record<string, string>, logs: string[]): GatedContainer {
  return { id: "c1", name: "app", pod: { namespace: "default", name: "p" }, annotations, resolvConf: () => "nameserver 10.96.0.10\n", log: (l) => logs.push(l) };
}

test("A container is down until its dependencies are reached, and logs once per change", async () => {
  let reachable = false;
  const dialed: string[] = [];
  const dial: PodDialer = async (_from, _conf, host, port) => {
    dialed.push(`${host}:${port}`);
    return reachable ? { ok: true } : { ok: false, error: `dial tcp: lookup ${host} on 10.96.0.10:53: no such host` };
  };
  const gate = createDependencyGate(dial);
  const logs: string[] = [];
  const c = container({ "sim.skiff.dev/depends-on": "web:80,redis:6379" }, logs);
  assert.equal(gate.down(c), true, "not checked yet");
  await settle();
  assert.equal(gate.down(c), true);
  await settle();
  assert.deepEqual(logs, ["dial tcp: lookup web on 10.96.0.10:53: no such host"], "the same failure is logged once");
  reachable = true;
  assert.equal(gate.down(c), true, "the answer is the last check's; this call starts the next");
  await settle();
  assert.equal(gate.down(c), false);
  assert.deepEqual(logs.slice(1), ["connected to web:80, redis:6379"]);
  assert.ok(dialed.includes("redis:6379"));
});

test("A container without depends-on (or with one for another container) is never down and dials nothing", () => {
  const gate = createDependencyGate(async () => assert.fail("no dial expected"));
  assert.equal(gate.down(container({}, [])), false);
  assert.equal(gate.down(container({ "sim.skiff.dev/depends-on.other": "web:80" }, [])), false);
});

test("Until the network is known the container stays down and logs nothing", async () => {
  const gate = createDependencyGate(async () => ({ ok: false, error: "the pod network is not known yet", unknown: true }));
  const logs: string[] = [];
  const c = container({ "sim.skiff.dev/depends-on.app": "web:80" }, logs);
  gate.down(c);
  await settle();
  assert.equal(gate.down(c), true);
  assert.deepEqual(logs, []);
});
