import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { VirtualClock } from "../../../util/clock.js";
import { DeadlineExceededError, RuntimeError } from "../runtime.js";
import { CONTAINER_KIND_LABEL, createSimRuntime } from "./sim-runtime.js";

async function runContainer(annotations: Record<string, string>, labels: Record<string, string> = {}) {
  const clock = new VirtualClock();
  const rt = createSimRuntime({ clock });
  const o = () => ({ deadline: clock.now() + 10_000 });
  const sb = await rt.runPodSandbox({ metadata: { name: "p", namespace: "default", uid: "u1", attempt: 0 }, ip: "10.0.0.2" }, o());
  const id = await rt.createContainer(sb, { metadata: { name: "app", attempt: 0 }, image: "nginx", annotations, labels }, o());
  await rt.startContainer(id, o());
  return { clock, rt, id, o, sb };
}

describe("sim runtime", () => {
  const exits: { name: string; annotations: Record<string, string>; at: number | undefined; code: number; reason: string }[] = [
    { name: "a container without annotations runs until stopped", annotations: {}, at: undefined, code: 0, reason: "" },
    { name: "exit-after makes a container exit 0 (Completed) after the duration", annotations: { "sim.skiff.dev/exit-after": "30s" }, at: 30_000, code: 0, reason: "Completed" },
    { name: "exit-code sets the exit code and the reason Error", annotations: { "sim.skiff.dev/exit-after": "1m", "sim.skiff.dev/exit-code": "2" }, at: 60_000, code: 2, reason: "Error" },
    { name: "a per-container key wins over the pod-wide one", annotations: { "sim.skiff.dev/exit-after": "1h", "sim.skiff.dev/exit-after.app": "10s" }, at: 10_000, code: 0, reason: "Completed" },
  ];
  for (const t of exits) {
    it(t.name, async () => {
      const { clock, rt, id, o } = await runContainer(t.annotations);
      const horizon = (t.at ?? 3_600_000) - 1;
      await clock.advance(horizon);
      assert.equal((await rt.containerStatus(id, o())).state, "CONTAINER_RUNNING");
      await clock.advance(1);
      const s = await rt.containerStatus(id, o());
      if (t.at === undefined) return assert.equal(s.state, "CONTAINER_RUNNING");
      assert.equal(s.state, "CONTAINER_EXITED");
      assert.equal(s.exitCode, t.code);
      assert.equal(s.reason, t.reason);
      assert.equal(s.finishedAt - s.startedAt, t.at);
    });
  }

  it("lets init containers exit 0 at once unless scripted", async () => {
    const { rt, id, o } = await runContainer({}, { [CONTAINER_KIND_LABEL]: "init" });
    assert.equal((await rt.containerStatus(id, o())).state, "CONTAINER_EXITED");
  });

  it("stops a container with code 0, or after the grace period with 137 when it ignores SIGTERM", async () => {
    const a = await runContainer({});
    await a.rt.stopContainer(a.id, 30, a.o());
    assert.equal((await a.rt.containerStatus(a.id, a.o())).exitCode, 0);
    const b = await runContainer({ "sim.skiff.dev/ignore-sigterm": "true" });
    const stopping = b.rt.stopContainer(b.id, 30, { deadline: b.clock.now() + 60_000 });
    await b.clock.advance(29_000);
    assert.equal((await b.rt.containerStatus(b.id, b.o())).state, "CONTAINER_RUNNING");
    await b.clock.advance(1_000);
    await stopping;
    assert.equal((await b.rt.containerStatus(b.id, b.o())).exitCode, 137);
  });

  it("hangs every call under a hang fault, rejecting at the deadline while the call stays outstanding until healed", async () => {
    const { clock, rt } = await runContainer({});
    rt.inject({ mode: "hang" });
    const box: { outcome?: object } = {};
    rt.listPodSandbox(undefined, { deadline: clock.now() + 5_000 }).then((v) => (box.outcome = v), (e: Error) => (box.outcome = e));
    await clock.advance(4_999);
    assert.equal(box.outcome, undefined);
    await clock.advance(1);
    assert.ok((box.outcome as unknown) instanceof DeadlineExceededError);
    await clock.advance(7_000);
    assert.deepEqual(rt.outstanding(10_000).map((c) => c.method), ["ListPodSandbox"]);
    rt.heal();
    assert.deepEqual(rt.outstanding(), []);
    assert.equal((await rt.listPodSandbox(undefined, { deadline: clock.now() + 1 })).length, 1);
  });

  it("delays calls under a slow fault and fails them under a fail fault", async () => {
    const { clock, rt } = await runContainer({});
    rt.inject({ mode: "slow", delayMs: 2_000 });
    let done = false;
    const p = rt.listContainers(undefined, { deadline: clock.now() + 10_000 }).then(() => (done = true));
    await clock.advance(1_999);
    assert.equal(done, false);
    await clock.advance(1);
    await p;
    rt.inject({ mode: "fail" });
    await assert.rejects(rt.version({ deadline: clock.now() + 1 }), RuntimeError);
  });

  it("reports usage derived from requests, the same at the same time", async () => {
    const clock = new VirtualClock();
    const rt = createSimRuntime({ clock });
    const o = { deadline: clock.now() + 1000 };
    const sb = await rt.runPodSandbox({ metadata: { name: "p", namespace: "d", uid: "u", attempt: 0 } }, o);
    const id = await rt.createContainer(sb, { metadata: { name: "c", attempt: 0 }, image: "x", resources: { cpuMilli: 1000, memoryBytes: 1 << 30 } }, o);
    await rt.startContainer(id, o);
    const a = await rt.containerStats(id, o);
    const b = await rt.containerStats(id, o);
    assert.deepEqual(a, b);
    assert.ok(a.cpuNanoCores >= 0.3e9 && a.cpuNanoCores <= 0.9e9);
    assert.ok(a.memoryWorkingSetBytes >= 0.6 * (1 << 30) && a.memoryWorkingSetBytes <= 0.8 * (1 << 30));
  });
});
