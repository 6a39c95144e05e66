/**
 * helm 4 (the bundled binary, unchanged) against `skiff up --nodes 2`: the
 * chart of `helm create` installed, upgraded, rolled back, tested and
 * uninstalled with --wait (helm's kstatus waiter reads observedGeneration,
 * conditions and replica counts), its release storage in Secrets of type
 * helm.sh/release.v1, server-side dry runs, `upgrade --install`,
 * `helm template | kubectl apply`, and a chart that ships CRDs in crds/.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { startTestCluster, type KubectlResult, type TestCluster } from "./cluster.js";
import { repoRoot } from "./tools.js";
import { getJson, isReady, items, live, nodeReady, summary, type Obj } from "./wait.js";

interface ReleaseSecret {
  type: string;
  metadata: { name: string; labels?: Record<string, string> };
  data: { release: string };
}

interface StoredRelease {
  name: string;
  namespace: string;
  version: number;
  info: { status: string; description?: string };
  manifest: string;
}

interface DeploymentJson {
  metadata: { generation: number };
  spec: { replicas: number; template: { spec: { containers: { image: string }[] } } };
  status: { observedGeneration?: number; replicas?: number; readyReplicas?: number; availableReplicas?: number; updatedReplicas?: number };
}

/** helm stores a release as base64(gzip(JSON)) in the Secret's `release` key (itself base64 in `data`). */
function decodeRelease(secret: ReleaseSecret): StoredRelease {
  const helmText = Buffer.from(secret.data.release, "base64").toString();
  return JSON.parse(gunzipSync(Buffer.from(helmText, "base64")).toString()) as StoredRelease;
}

describe("helm 4 against skiff up --nodes 2", () => {
  let c: TestCluster;
  let scratch: string;
  let demo: string;

  const helm = (args: string[], timeoutMs = 150_000) =>
    new Promise<KubectlResult>((resolve) => {
      const env = {
        ...process.env,
        KUBECONFIG: c.kubeconfig,
        HOME: scratch,
        HELM_CACHE_HOME: join(scratch, ".cache/helm"),
        HELM_CONFIG_HOME: join(scratch, ".config/helm"),
        HELM_DATA_HOME: join(scratch, ".local/share/helm"),
        NO_COLOR: "1",
      };
      const child = execFile(c.tools.helm, args, { env, cwd: scratch, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
        const code = err ? (typeof (err as { code?: unknown }).code === "number" ? (err as { code: number }).code : 1) : 0;
        resolve({ code, stdout, stderr });
      });
      child.stdin!.end();
    });
  /** helm that must succeed; returns stdout. */
  const h = async (args: string[]) => {
    const r = await helm(args);
    if (r.code !== 0) throw new Error(`helm ${args.join(" ")} failed (${r.code}):\n${r.stderr}${r.stdout}`);
    return r.stdout;
  };

  const releaseSecrets = async (release: string, namespace = "default") =>
    (await getJson<{ items: ReleaseSecret[] }>(c, ["get", "secrets", "-n", namespace, "-l", `owner=helm,name=${release}`])).items;

  /** The chart's fullname: the release name, suffixed with the chart's name unless it holds it already. */
  const fullname = (release: string) => (release.includes("demo") ? release : `${release}-demo`);

  /** A release's Deployment and live pods, read right after helm returned: no polling, since --wait promised this state. */
  async function settled(release: string, namespace = "default") {
    const d = await getJson<DeploymentJson>(c, ["get", "deployment", fullname(release), "-n", namespace]);
    const pods = live(await items(c, ["get", "pods", "-n", namespace, "-l", `app.kubernetes.io/instance=${release}`]));
    return { d, pods };
  }

  function assertRolledOut(d: DeploymentJson, pods: Obj[], replicas: number) {
    assert.equal(d.spec.replicas, replicas);
    assert.equal(d.status.observedGeneration, d.metadata.generation, "observedGeneration");
    assert.equal(d.status.updatedReplicas, replicas, "updatedReplicas");
    assert.equal(d.status.readyReplicas, replicas, "readyReplicas");
    assert.equal(d.status.availableReplicas, replicas, "availableReplicas");
    const ready = pods.filter(isReady);
    assert.equal(ready.length, replicas, summary(pods));
  }

  before(async () => {
    c = await startTestCluster({ args: ["--nodes", "2"] });
    // Every case schedules pods: under load the nodes may still be joining when the API server answers.
    for (const node of ["node-1", "node-2"]) await nodeReady(c, node, "True", 60_000);
    scratch = mkdtempSync(join(tmpdir(), "skiff-helm-"));
    await h(["create", "demo"]);
    demo = join(scratch, "demo");
  });
  after(async () => {
    await c?.stop();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  test("helm install --wait returns once the release is deployed and its pods are Running and Ready.", async () => {
    const out = await h(["install", "demo", demo, "--wait", "--timeout", "60s"]);
    assert.match(out, /^NAME: demo$/m);
    assert.match(out, /^STATUS: deployed$/m);
    assert.match(out, /^REVISION: 1$/m);
    const { d, pods } = await settled("demo");
    assertRolledOut(d, pods, 1);
    const sa = await getJson(c, ["get", "serviceaccount", "demo"]);
    assert.equal(sa.metadata.labels?.["app.kubernetes.io/managed-by"], "Helm");
    assert.equal(sa.metadata.annotations?.["meta.helm.sh/release-name"], "demo");
    const svc = await getJson<{ spec: { clusterIP: string; ports: { port: number }[] } }>(c, ["get", "service", "demo"]);
    assert.match(svc.spec.clusterIP, /^10\./);
    assert.equal(svc.spec.ports[0].port, 80);
  });

  test("The release is stored in a Secret of type helm.sh/release.v1 that helm's own storage reads back.", async () => {
    const secrets = await releaseSecrets("demo");
    assert.equal(secrets.length, 1);
    const s = secrets[0];
    assert.equal(s.type, "helm.sh/release.v1");
    assert.equal(s.metadata.name, "sh.helm.release.v1.demo.v1");
    assert.equal(s.metadata.labels?.status, "deployed");
    assert.equal(s.metadata.labels?.version, "1");
    const rel = decodeRelease(s);
    assert.equal(rel.name, "demo");
    assert.equal(rel.namespace, "default");
    assert.equal(rel.version, 1);
    assert.equal(rel.info.status, "deployed");
    assert.match(rel.manifest, /kind: Deployment/);
  });

  test("helm list and helm status show the release; status lists its resources and their pods.", async () => {
    const list = await h(["list"]);
    assert.match(list, /^demo\s+default\s+1\s+.*\s+deployed\s+demo-0\.1\.0\s+1\.16\.0\s*$/m);
    const status = await h(["status", "demo"]);
    assert.match(status, /^STATUS: deployed$/m);
    assert.match(status, /^RESOURCES:$/m);
    for (const kind of ["v1/ServiceAccount", "v1/Service", "v1/Deployment", "v1/Pod\\(related\\)"]) assert.match(status, new RegExp(`^==> ${kind}$`, "m"));
    assert.match(status, /^demo\s+1\/1\s+1\s+1\s+\S+$/m, "the Deployment's table row");
    assert.match(status, /^demo-[a-z0-9]+-[a-z0-9]{5}\s+1\/1\s+Running\s+0\s+\S+$/m, "the pod's table row");
    const json = JSON.parse(await h(["status", "demo", "-o", "json"])) as { info: { status: string; resources?: Record<string, { metadata: { name: string } }[]> } };
    assert.equal(json.info.status, "deployed");
    const kinds = Object.keys(json.info.resources ?? {}).sort();
    assert.deepEqual(kinds, ["v1/Deployment", "v1/Pod(related)", "v1/Service", "v1/ServiceAccount"]);
  });

  test("helm get manifest prints the rendered templates, without the test hook.", async () => {
    const manifest = await h(["get", "manifest", "demo"]);
    for (const src of ["serviceaccount.yaml", "service.yaml", "deployment.yaml"]) assert.match(manifest, new RegExp(`^# Source: demo/templates/${src}$`, "m"));
    assert.doesNotMatch(manifest, /test-connection/);
  });

  test("helm upgrade --wait scales the Deployment and returns once every replica is Ready.", async () => {
    const out = await h(["upgrade", "demo", demo, "--wait", "--timeout", "60s", "--set", "replicaCount=3"]);
    assert.match(out, /Release "demo" has been upgraded/);
    assert.match(out, /^REVISION: 2$/m);
    const { d, pods } = await settled("demo");
    assertRolledOut(d, pods, 3);
    const labels = (await releaseSecrets("demo")).map((s) => `${s.metadata.labels?.version}=${s.metadata.labels?.status}`).sort();
    assert.deepEqual(labels, ["1=superseded", "2=deployed"]);
  });

  test("helm upgrade --wait of the image waits for the rolling update: new pods Ready, old ones gone from the counts.", async () => {
    await h(["upgrade", "demo", demo, "--wait", "--timeout", "60s", "--reuse-values", "--set", "image.tag=1.27", "--set-string", "podAnnotations.sim\\.skiff\\.dev/startup-delay=2s"]);
    const { d, pods } = await settled("demo");
    assertRolledOut(d, pods.filter((p) => (p.spec as { containers: { image: string }[] }).containers[0].image === "nginx:1.27"), 3);
    assert.equal(d.status.replicas, 3, "status.replicas counts no old pod");
    assert.equal(d.spec.template.spec.containers[0].image, "nginx:1.27");
  });

  test("helm rollback --wait returns to revision 1; helm history shows every revision.", async () => {
    const out = await h(["rollback", "demo", "1", "--wait", "--timeout", "60s"]);
    assert.match(out, /Rollback was a success/);
    const { d, pods } = await settled("demo");
    assertRolledOut(d, pods, 1);
    assert.equal(d.spec.template.spec.containers[0].image, "nginx:1.16.0");
    const history = await h(["history", "demo"]);
    assert.match(history, /^1\s+.*\s+superseded\s+demo-0\.1\.0\s+1\.16\.0\s+Install complete\s*$/m);
    assert.match(history, /^2\s+.*\s+superseded\s+.*Upgrade complete\s*$/m);
    assert.match(history, /^3\s+.*\s+superseded\s+.*Upgrade complete\s*$/m);
    assert.match(history, /^4\s+.*\s+deployed\s+.*Rollback to 1\s*$/m);
  });

  test("helm install --wait with a slow-starting container returns only once the pod is Ready.", async () => {
    await h(["install", "slow", demo, "--wait", "--timeout", "60s", "--set-string", "podAnnotations.sim\\.skiff\\.dev/startup-delay=3s"]);
    const { d, pods } = await settled("slow");
    assertRolledOut(d, pods, 1);
    await h(["uninstall", "slow", "--wait"]);
  });

  test("helm install --wait of pods that never become Ready fails at its timeout, and the release is failed.", async () => {
    const r = await helm(["install", "unready", demo, "--wait", "--timeout", "5s", "--set-string", "podAnnotations.sim\\.skiff\\.dev/readiness=fail"]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /INSTALLATION FAILED: resource Deployment\/default\/unready-demo not ready\. status: InProgress, message: Available: 0\/1/);
    assert.match(r.stderr, /context deadline exceeded/);
    const status = await h(["status", "unready"]);
    assert.match(status, /^STATUS: failed$/m);
    await h(["uninstall", "unready", "--wait"]);
  });

  test("helm install --dry-run=server renders against the API server and creates nothing.", async () => {
    const out = await h(["install", "dry", demo, "--dry-run=server"]);
    assert.match(out, /^STATUS: pending-install$/m);
    assert.match(out, /^DESCRIPTION: Dry run complete$/m);
    assert.match(out, /kind: Deployment/);
    const r = await c.kubectl(["get", "deployment", "dry-demo"]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /deployments\.apps "dry-demo" not found/);
    assert.equal((await releaseSecrets("dry")).length, 0);
  });

  test("helm upgrade --install installs a missing release, then upgrades it.", async () => {
    const first = await h(["upgrade", "--install", "ui", demo, "--wait", "--timeout", "60s", "-n", "apps", "--create-namespace"]);
    assert.match(first, /Release "ui" does not exist\. Installing it now\./);
    assert.match(first, /^REVISION: 1$/m);
    const second = await h(["upgrade", "--install", "ui", demo, "--wait", "--timeout", "60s", "-n", "apps", "--set", "replicaCount=2"]);
    assert.match(second, /Release "ui" has been upgraded/);
    assert.match(second, /^REVISION: 2$/m);
    const { d, pods } = await settled("ui", "apps");
    assertRolledOut(d, pods, 2);
    assert.deepEqual((await releaseSecrets("ui", "apps")).map((s) => s.metadata.labels?.status).sort(), ["deployed", "superseded"]);
  });

  test("helm template | kubectl apply -f - creates the chart's objects, which roll out.", async () => {
    const rendered = await h(["template", "plain", demo, "--skip-tests"]);
    const applied = await c.k(["apply", "-f", "-"], rendered);
    assert.match(applied, /serviceaccount\/plain-demo created/);
    assert.match(applied, /service\/plain-demo created/);
    assert.match(applied, /deployment\.apps\/plain-demo created/);
    await c.k(["rollout", "status", "deployment/plain-demo", "--timeout=60s"]);
    const d = await getJson(c, ["get", "deployment", "plain-demo"]);
    assert.equal(d.metadata.labels?.["app.kubernetes.io/managed-by"], "Helm");
    assert.equal((await releaseSecrets("plain")).length, 0, "helm template stores no release");
    await c.k(["delete", "-f", "-", "--wait=true"], rendered);
  });

  test("helm test runs the chart's test pod, busybox wget against the release's Service, to success.", async () => {
    const r = await helm(["test", "demo", "--timeout", "60s"]);
    assert.match(r.stdout, /^TEST SUITE:\s+demo-test-connection$/m, r.stderr + r.stdout);
    const log = (await c.kubectl(["logs", "demo-test-connection"])).stdout;
    assert.equal(r.code, 0, r.stderr + r.stdout + log);
    // The name resolved through cluster DNS, and the connection reached the release's nginx through the Service.
    assert.match(log, /^Connecting to demo:80 \(10\.\d+\.\d+\.\d+:80\)$/m);
    assert.match(r.stdout, /^Phase:\s+Succeeded$/m);
    const pod = await getJson(c, ["get", "pod", "demo-test-connection"]);
    assert.equal(pod.status?.phase, "Succeeded");
  });

  test("The release's pod answers busybox wget on its own port, through the pod's loopback.", async () => {
    const out = await c.k(["exec", "deploy/demo", "--", "wget", "-qO-", "http://localhost:80/"]);
    assert.match(out, /<title>Welcome to nginx!<\/title>/);
  });

  test("helm uninstall --wait removes the release's objects and its stored revisions.", async () => {
    const out = await h(["uninstall", "demo", "--wait"]);
    assert.match(out, /release "demo" uninstalled/);
    for (const kind of ["deployment", "service", "serviceaccount"]) {
      const r = await c.kubectl(["get", kind, "demo"]);
      assert.equal(r.code, 1, `${kind} demo still there: ${r.stdout}`);
    }
    // The test pod is a hook, not a release object: helm leaves it (hook-delete-policy before-hook-creation).
    assert.equal(live(await items(c, ["get", "pods", "-l", "app.kubernetes.io/instance=demo,pod-template-hash"])).length, 0);
    assert.equal((await releaseSecrets("demo")).length, 0);
    const list = await h(["list", "-q"]);
    assert.doesNotMatch(list, /^demo$/m);
  });

  describe("a chart of StatefulSets, DaemonSets, Jobs, hooks and policies", () => {
    const chart = join(repoRoot, "test", "e2e", "charts", "workloads");
    const podsOf = async (app: string) => live(await items(c, ["get", "pods", "-l", `app=${app}`]));
    const imagesOf = (pods: Obj[]) => pods.map((p) => (p.spec as { containers: { image: string }[] }).containers[0].image);
    const missing = async (what: string[]) => {
      const r = await c.kubectl(["get", ...what]);
      return r.code === 1 && /NotFound|not found/.test(r.stderr);
    };

    test("helm install --wait --wait-for-jobs returns with the StatefulSet and DaemonSet rolled out and the Job complete; the hook Job ran and was deleted.", async () => {
      await h(["install", "w", chart, "--wait", "--wait-for-jobs", "--timeout", "90s"]);
      const sts = await getJson<{ metadata: { generation: number }; status: Record<string, unknown> }>(c, ["get", "statefulset", "w-db"]);
      assert.equal(sts.status.observedGeneration, sts.metadata.generation);
      assert.equal(sts.status.readyReplicas, 2);
      assert.equal(sts.status.currentRevision, sts.status.updateRevision);
      assert.equal((await podsOf("w-db")).filter(isReady).length, 2);
      const ds = await getJson<{ status: Record<string, number> }>(c, ["get", "daemonset", "w-agent"]);
      assert.equal(ds.status.desiredNumberScheduled, 2, "one pod per node");
      assert.equal(ds.status.numberReady, 2);
      assert.equal(ds.status.updatedNumberScheduled, 2);
      const job = await getJson<{ status: { succeeded?: number; conditions?: { type: string; status: string }[] } }>(c, ["get", "job", "w-migrate-1"]);
      assert.equal(job.status.succeeded, 1);
      assert.equal(job.status.conditions?.find((x) => x.type === "Complete")?.status, "True");
      assert.ok(await missing(["job", "w-preflight"]), "the hook-succeeded policy deleted the hook Job");
      await c.k(["get", "poddisruptionbudget", "w-db"]);
    });

    test("helm upgrade --wait=legacy (helm 3's readiness checks) rolls the StatefulSet and DaemonSet to the new image.", async () => {
      await h(["upgrade", "w", chart, "--wait=legacy", "--wait-for-jobs", "--timeout", "90s", "--set", "tag=1.27"]);
      const sts = await getJson<{ status: Record<string, unknown> }>(c, ["get", "statefulset", "w-db"]);
      assert.equal(sts.status.updatedReplicas, 2);
      assert.equal(sts.status.currentRevision, sts.status.updateRevision);
      const db = await podsOf("w-db");
      assert.deepEqual(imagesOf(db), ["nginx:1.27", "nginx:1.27"]);
      assert.equal(db.filter(isReady).length, 2, summary(db));
      const agents = (await podsOf("w-agent")).filter(isReady);
      assert.deepEqual(imagesOf(agents), ["nginx:1.27", "nginx:1.27"]);
      const job = await getJson<{ status: { succeeded?: number } }>(c, ["get", "job", "w-migrate-2"]);
      assert.equal(job.status.succeeded, 1);
      assert.ok(await missing(["job", "w-migrate-1"]), "helm deletes what the new revision no longer renders");
    });

    test("helm uninstall --cascade foreground --wait removes every object, the budget and the role included.", async () => {
      await h(["uninstall", "w", "--cascade", "foreground", "--wait", "--timeout", "60s"]);
      for (const what of [["statefulset", "w-db"], ["daemonset", "w-agent"], ["job", "w-migrate-2"], ["poddisruptionbudget", "w-db"], ["role", "w-reader"], ["configmap", "w-settings"]]) {
        assert.ok(await missing(what), `${what.join(" ")} is gone`);
      }
      assert.deepEqual([...(await podsOf("w-db")), ...(await podsOf("w-agent"))].map((p) => p.metadata.name), []);
    });
  });

  describe("a chart with CustomResourceDefinitions in crds/", () => {
    const chart = join(repoRoot, "test", "e2e", "charts", "crontabs");

    test("helm install creates the CRDs first, then the custom resources of the templates.", async () => {
      const out = await h(["install", "tabs", chart, "--wait", "--timeout", "60s", "--set", "cronSpec=*/10 * * * *"]);
      assert.match(out, /^STATUS: deployed$/m);
      const crd = await getJson<{ metadata: Obj["metadata"]; status: { conditions: { type: string; status: string }[] } }>(c, ["get", "crd", "crontabs.stable.example.com"]);
      assert.equal(crd.status.conditions.find((x) => x.type === "Established")?.status, "True");
      assert.equal(crd.metadata.labels?.["app.kubernetes.io/managed-by"], undefined, "CRDs of crds/ are not release objects");
      const tab = await getJson<{ spec: { cronSpec: string; image: string; replicas: number } }>(c, ["get", "crontab", "tabs-tab"]);
      assert.deepEqual(tab.spec, { cronSpec: "*/10 * * * *", image: "busybox", replicas: 1 });
      const short = await c.k(["get", "ct"]);
      assert.match(short, /^tabs-tab\s+/m);
      const manifest = await h(["get", "manifest", "tabs"]);
      assert.match(manifest, /kind: CronTab/);
      assert.doesNotMatch(manifest, /CustomResourceDefinition/);
    });

    test("helm upgrade changes the custom resource; helm uninstall removes it and keeps the CRD.", async () => {
      await h(["upgrade", "tabs", chart, "--wait", "--timeout", "60s", "--set", "replicas=3"]);
      const tab = await getJson<{ spec: { replicas: number } }>(c, ["get", "crontab", "tabs-tab"]);
      assert.equal(tab.spec.replicas, 3);
      await h(["uninstall", "tabs", "--wait"]);
      const gone = await c.kubectl(["get", "crontab", "tabs-tab"]);
      assert.equal(gone.code, 1);
      assert.match(gone.stderr, /crontabs\.stable\.example\.com "tabs-tab" not found/);
      await c.k(["get", "crd", "crontabs.stable.example.com"]);
    });
  });
});
