import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { VirtualClock } from "../../../util/clock.js";
import { DeadlineExceededError } from "../runtime.js";
import { createSimRuntime } from "./sim-runtime.js";

async function twoPods() {
  const clock = new VirtualClock();
  const logs: string[] = [];
  const rt = createSimRuntime({ clock, log: (m) => logs.push(m) });
  const o = (ms = 10_000) => ({ deadline: clock.now() + ms });
  const start = async (name: string) => {
    const sb = await rt.runPodSandbox({ metadata: { name, namespace: "default", uid: name, attempt: 0 }, ip: "10.0.0.2" }, o());
    const id = await rt.createContainer(sb, { metadata: { name: "app", attempt: 0 }, image: "nginx" }, o());
    await rt.startContainer(id, o());
    return { sb, id };
  };
  return { clock, rt, o, logs, stuck: await start("stuck"), other: await start("other") };
}

describe("sim runtime: processes that survive SIGKILL (UnkillableProcess)", () => {
  it("logs the grace period and the kill as dockerd does, times the call out, and keeps the container running; other pods stop", async () => {
    const { clock, rt, o, logs, stuck, other } = await twoPods();
    rt.inject({ unkillablePods: ["default/stuck"] });
    const stopping = rt.stopContainer(stuck.id, 30, o(130_000));
    const rejected = assert.rejects(stopping, DeadlineExceededError);
    await clock.advance(30_000);
    assert.deepEqual(logs, [`Container ${stuck.id.slice(0, 12)} failed to exit within 30 seconds of signal 15 - using the force`]);
    await clock.advance(10_000);
    assert.equal(logs[1], `Container ${stuck.id.slice(0, 12)} failed to exit within 10 seconds of kill - trying direct SIGKILL`);
    await clock.advance(90_000);
    await rejected;
    assert.equal((await rt.containerStatus(stuck.id, o())).state, "CONTAINER_RUNNING");
    // Tearing the sandbox down does not reach the process either.
    await rt.stopPodSandbox(stuck.sb, o());
    assert.equal((await rt.containerStatus(stuck.id, o())).state, "CONTAINER_RUNNING");

    await rt.stopContainer(other.id, 30, o());
    assert.equal((await rt.containerStatus(other.id, o())).state, "CONTAINER_EXITED");
  });

  it("lets the pending SIGKILL land when healed: the container exits with 137 and a waiting stop returns", async () => {
    const { clock, rt, o, stuck } = await twoPods();
    rt.inject({ unkillablePods: ["default/stuck"] });
    const stopping = rt.stopContainer(stuck.id, 5, o(120_000));
    await clock.advance(20_000);
    rt.heal();
    await stopping;
    const s = await rt.containerStatus(stuck.id, o());
    assert.equal(s.state, "CONTAINER_EXITED");
    assert.equal(s.exitCode, 137);
  });
});
