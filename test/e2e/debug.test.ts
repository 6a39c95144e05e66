/**
 * `kubectl debug` against `skiff up --nodes 1`, with the real kubectl: the
 * ephemeral container it adds through pods/ephemeralcontainers is started
 * by the sim kubelet, kubectl attaches to it, the sim `sh` reads its
 * commands from the attached stdin, and the container's end is reported in
 * status.ephemeralContainerStatuses. kubectl runs with -i and no tty: the
 * test feeds stdin from a pipe, so kubectl cannot get a terminal.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { startTestCluster, type TestCluster } from "./cluster.js";
import { readyPods, until, untilKubectl } from "./wait.js";

interface EphemeralStatus {
  name: string;
  restartCount: number;
  ready: boolean;
  image: string;
  imageID: string;
  containerID?: string;
  state: { running?: unknown; waiting?: unknown; terminated?: { exitCode: number; reason?: string } };
}
interface PodJson {
  spec: { ephemeralContainers?: { name: string; image: string; stdin?: boolean; targetContainerName?: string }[] };
  status: { phase?: string; ephemeralContainerStatuses?: EphemeralStatus[]; conditions?: { type: string; status: string }[] };
}

describe("kubectl debug", () => {
  let c: TestCluster;

  before(async () => {
    c = await startTestCluster({ args: ["--nodes", "1"] });
    await c.k(["run", "web", "--image=nginx", "--labels=app=web"]);
    await readyPods(c, "app=web", 1, 30_000);
  });

  after(async () => {
    await c?.stop();
  });

  test("debug -i runs sh in an ephemeral container that reads its commands from stdin, then reports it terminated with exit code 0", async () => {
    const name = "debugger";
    const r = await c.kubectl(["debug", "-i", "web", "--image=busybox", "--target=web", `--container=${name}`, "--profile=general", "--", "sh"], { input: "echo hi; exit\n", timeoutMs: 60_000 });
    assert.equal(r.code, 0, `kubectl debug failed:\n${r.stderr}${r.stdout}`);
    assert.match(r.stdout, /^hi$/m, `no "hi" from the debug container:\n${r.stderr}${r.stdout}`);

    const exitCode = await untilKubectl(c, ["get", "pod", "web", "-o", "jsonpath={.status.ephemeralContainerStatuses[0].state.terminated.exitCode}"], "the debug container is reported terminated", (out) => out !== "");
    assert.equal(exitCode, "0");

    const pod = JSON.parse(await c.k(["get", "pod", "web", "-o", "json"])) as PodJson;
    assert.deepEqual(pod.spec.ephemeralContainers?.map((e) => [e.name, e.image, e.stdin, e.targetContainerName]), [[name, "busybox", true, "web"]]);
    const [s] = pod.status.ephemeralContainerStatuses ?? [];
    assert.equal(s.name, name);
    assert.equal(s.restartCount, 0);
    assert.equal(s.ready, false);
    assert.equal(s.image, "docker.io/library/busybox:latest");
    assert.match(s.imageID, /^docker\.io\/library\/busybox@sha256:[0-9a-f]{64}$/);
    assert.equal(s.state.terminated?.reason, "Completed");
    assert.equal(s.containerID, (s.state.terminated as { containerID?: string }).containerID);
    // The pod's own container keeps it Running and Ready.
    assert.equal(pod.status.phase, "Running");
    assert.equal(pod.status.conditions?.find((x) => x.type === "Ready")?.status, "True");

    // The kubelet recorded the debug container's life as for any container.
    const events = await until("the debug container's Created and Started events are listed", async (seen) => {
      const out = await c.k(["get", "events", "--field-selector", "involvedObject.name=web", "-o", "jsonpath={range .items[*]}{.reason}: {.message}{\"\\n\"}{end}"]);
      seen(out);
      return out.includes(`Started: Started container ${name}`) ? out : undefined;
    });
    assert.match(events, new RegExp(`^Created: Created container: ${name}$`, "m"));
    assert.match(events, /^Pulled: .*"busybox"/m);
  });

  test("logs of the finished debug container are served by name, and it is not started again", async () => {
    const pod = JSON.parse(await c.k(["get", "pod", "web", "-o", "json"])) as PodJson;
    const name = pod.spec.ephemeralContainers![0].name;
    const logs = await c.k(["logs", "web", "-c", name]);
    assert.match(logs, /^hi$/m);
    // A later sync of the pod (a label change triggers one) leaves the exited debug container alone.
    await c.k(["label", "pod", "web", "synced=again"]);
    const after = await untilKubectl(c, ["get", "pod", "web", "-o", "json"], "the pod is seen after its label change", (out) => out.includes('"synced": "again"'));
    const s = (JSON.parse(after) as PodJson).status.ephemeralContainerStatuses![0];
    assert.equal(s.restartCount, 0);
    assert.equal(s.state.terminated?.exitCode, 0);
  });
});
