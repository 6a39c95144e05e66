import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { VirtualClock } from "../../util/clock.js";
import { createSimRuntime } from "../runtime/sim/sim-runtime.js";
import { plegNotHealthyMessage } from "../nodestatus/conditions.js";
import { formatDurationMs } from "../duration.js";
import { createPleg, type PlegEvent } from "./pleg.js";

describe("PLEG", () => {
  it("is unhealthy before its first relist", () => {
    const clock = new VirtualClock();
    const pleg = createPleg({ runtime: createSimRuntime({ clock }), clock, onEvents: () => undefined });
    assert.deepEqual(pleg.healthy(), { ok: false, message: "pleg has yet to be successful" });
  });

  it("reports started and died containers per pod", async () => {
    const clock = new VirtualClock();
    const rt = createSimRuntime({ clock });
    const seen: PlegEvent[] = [];
    const pleg = createPleg({ runtime: rt, clock, onEvents: (e) => e.forEach((l) => seen.push(...l)) });
    const o = { deadline: clock.now() + 1000 };
    const sb = await rt.runPodSandbox({ metadata: { name: "p", namespace: "d", uid: "u1", attempt: 0 }, labels: { "io.kubernetes.pod.uid": "u1" } }, o);
    const id = await rt.createContainer(sb, { metadata: { name: "c", attempt: 0 }, image: "x", labels: { "io.kubernetes.pod.uid": "u1" }, annotations: { "sim.skiff.dev/exit-after": "2s" } }, o);
    await rt.startContainer(id, o);
    await pleg.relist();
    await clock.advance(2_000);
    await pleg.relist();
    assert.deepEqual(seen.map((e) => [e.podUid, e.type]), [["u1", "ContainerStarted"], ["u1", "ContainerDied"]]);
  });

  it("reports a container once per change, and gives the runtime's pods as of the last relist", async () => {
    const clock = new VirtualClock();
    const rt = createSimRuntime({ clock });
    const seen: PlegEvent[] = [];
    const pleg = createPleg({ runtime: rt, clock, onEvents: (e) => e.forEach((l) => seen.push(...l)) });
    const o = { deadline: clock.now() + 1000 };
    const sandboxOf = (uid: string) => rt.runPodSandbox({ metadata: { name: uid, namespace: "d", uid, attempt: 0 }, labels: { "io.kubernetes.pod.uid": uid } }, o);
    const [s1, s2] = [await sandboxOf("u1"), await sandboxOf("u2")];
    const c1 = await rt.createContainer(s1, { metadata: { name: "c", attempt: 0 }, image: "x", labels: { "io.kubernetes.pod.uid": "u1" } }, o);
    await rt.startContainer(c1, o);
    await pleg.relist();
    await pleg.relist();
    assert.deepEqual(seen.map((e) => [e.podUid, e.type]), [["u1", "ContainerStarted"]]);
    const shape = () => [...pleg.pods().values()].map((p) => [p.uid, p.sandboxes.map((s) => s.id), p.containers.map((c) => c.id)]);
    assert.deepEqual(shape(), [["u1", [s1], [c1]], ["u2", [s2], []]]);
    await rt.removeContainer(c1, o);
    assert.deepEqual(shape(), [["u1", [s1], [c1]], ["u2", [s2], []]], "until the next relist");
    await pleg.relist();
    assert.deepEqual(shape(), [["u1", [s1], []], ["u2", [s2], []]]);
    assert.deepEqual(seen.map((e) => [e.podUid, e.type]), [["u1", "ContainerStarted"], ["u1", "ContainerRemoved"]]);
  });

  const cases = [
    { hungForMs: 180_000, healthy: true, message: "" },
    { hungForMs: 180_500, healthy: false, message: "container runtime is down PLEG is not healthy: pleg was last seen active 3m0.5s ago; threshold is 3m0s" },
    { hungForMs: 185_300, healthy: false, message: "container runtime is down PLEG is not healthy: pleg was last seen active 3m5.3s ago; threshold is 3m0s" },
  ];
  for (const t of cases) {
    it(`is ${t.healthy ? "healthy" : "unhealthy"} ${formatDurationMs(t.hungForMs)} after its last relist when the runtime hangs`, async () => {
      const clock = new VirtualClock();
      const rt = createSimRuntime({ clock });
      const pleg = createPleg({ runtime: rt, clock, onEvents: () => undefined });
      await pleg.relist();
      rt.inject({ mode: "hang" });
      const tick = clock.setInterval(() => void pleg.relist(), 1_000);
      await clock.advance(t.hungForMs);
      tick.cancel();
      const h = pleg.healthy();
      assert.equal(h.ok, t.healthy);
      if (!h.ok) assert.equal(plegNotHealthyMessage(h.message), t.message);
    });
  }
});
