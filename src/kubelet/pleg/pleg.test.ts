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
