import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { PodObject } from "../../api/core/pod-types.js";
import type { EventRecorder } from "../../client/events.js";
import { VirtualClock } from "../../util/clock.js";
import { RuntimeError } from "../runtime/runtime.js";
import { RestartBackoff } from "./backoff.js";
import { PullFailures } from "./image-pull.js";

const pod = { apiVersion: "v1", kind: "Pod", metadata: { name: "app", namespace: "default", uid: "u1" } } as PodObject;

describe("image pull failures", () => {
  it("turns a refused pull into ErrImagePull, backs off 10 s then 20 s with ImagePullBackOff, and forgets after a success", async () => {
    const clock = new VirtualClock();
    const events: string[] = [];
    const recorder = { event: (_o: unknown, type: string, reason: string, message: string) => events.push(`${type} ${reason} ${message}`) } as unknown as EventRecorder;
    const pulls = new PullFailures(new RestartBackoff(), clock);
    const t0 = clock.now();
    const refuse = () => Promise.reject(new RuntimeError("Unknown", "denied"));

    const first = await pulls.pull(pod, "x:1", recorder, refuse, 1_000);
    assert.deepEqual(first, { reason: "ErrImagePull", message: "rpc error: code = Unknown desc = denied", retryAt: t0 + 1_000 });
    assert.deepEqual(events, ['Warning Failed Failed to pull image "x:1": rpc error: code = Unknown desc = denied', "Warning Failed Error: ErrImagePull"]);
    await clock.advance(9_999);
    assert.deepEqual(pulls.backingOff(pod, "x:1", recorder), { reason: "ImagePullBackOff", message: 'Back-off pulling image "x:1": ErrImagePull: rpc error: code = Unknown desc = denied', retryAt: t0 + 10_000 });
    assert.deepEqual(events.slice(2), ['Normal BackOff Back-off pulling image "x:1"', "Warning Failed Error: ImagePullBackOff"]);
    await clock.advance(1);
    assert.equal(pulls.backingOff(pod, "x:1", recorder), undefined);
    await pulls.pull(pod, "x:1", recorder, refuse, 1_000);
    await clock.advance(19_999);
    assert.equal(pulls.backingOff(pod, "x:1", undefined)?.reason, "ImagePullBackOff", "the back-off doubled");
    await clock.advance(1);
    assert.equal(await pulls.pull(pod, "x:1", recorder, async () => "sha256:1", 1_000), undefined);
    assert.equal(pulls.backingOff(pod, "x:1", undefined), undefined);
  });

  it("lets timeouts through: only the runtime's refusals are ErrImagePull", async () => {
    const pulls = new PullFailures(new RestartBackoff(), new VirtualClock());
    await assert.rejects(pulls.pull(pod, "x:1", undefined, () => Promise.reject(new Error("deadline")), 1_000), /deadline/);
  });
});
