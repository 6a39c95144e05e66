import { test } from "node:test";
import assert from "node:assert/strict";
import type { KubeObject, ResourceDefinition } from "../types.js";
import { fieldErrorMessage } from "../validation/field.js";
import { controllerrevisions } from "./controllerrevisions.js";
import { daemonsets } from "./daemonsets.js";
import { deployments } from "./deployments.js";
import { replicasets } from "./replicasets.js";
import { statefulsets } from "./statefulsets.js";
import { testContext } from "../testing/hook-context.js";

const NOW = Date.parse("2026-01-01T12:00:00Z");
const ctx = testContext({ now: NOW });
const template = (labels: Record<string, string> = { app: "web" }) => ({ metadata: { labels }, spec: { containers: [{ name: "web", image: "nginx:1" }, { name: "log", image: "busybox" }] } });

function workload(def: ResourceDefinition<any>, spec: Record<string, unknown>): KubeObject {
  const obj: KubeObject = { metadata: { name: "w", namespace: "default", creationTimestamp: "2026-01-01T11:00:00Z" }, spec: { selector: { matchLabels: { app: "web" } }, template: template(), ...spec } };
  def.defaults!(obj);
  return obj;
}

async function messages(def: ResourceDefinition<any>, obj: KubeObject, old?: KubeObject): Promise<string[]> {
  const errs = old ? await def.validateUpdate!(obj, old, ctx) : await def.validate!(obj, ctx);
  return errs.map(fieldErrorMessage);
}

test("Deployments default to one replica, RollingUpdate 25%/25%, 10 revisions and 600s progress deadline.", () => {
  const d = workload(deployments, {});
  const spec = d.spec as Record<string, unknown>;
  assert.equal(spec.replicas, 1);
  assert.deepEqual(spec.strategy, { type: "RollingUpdate", rollingUpdate: { maxUnavailable: "25%", maxSurge: "25%" } });
  assert.equal(spec.revisionHistoryLimit, 10);
  assert.equal(spec.progressDeadlineSeconds, 600);
  assert.equal((spec.template as { spec: { restartPolicy: string } }).spec.restartPolicy, "Always");
});

test("StatefulSets default to OrderedReady, RollingUpdate partition 0 and Retain claims.", () => {
  const s = workload(statefulsets, { serviceName: "web", volumeClaimTemplates: [{ metadata: { name: "data" }, spec: {} }] });
  const spec = s.spec as Record<string, any>;
  assert.equal(spec.podManagementPolicy, "OrderedReady");
  assert.deepEqual(spec.updateStrategy, { type: "RollingUpdate", rollingUpdate: { partition: 0 } });
  assert.deepEqual(spec.persistentVolumeClaimRetentionPolicy, { whenDeleted: "Retain", whenScaled: "Retain" });
  assert.deepEqual(spec.volumeClaimTemplates[0], { metadata: { name: "data" }, spec: { volumeMode: "Filesystem" }, status: { phase: "Pending" } });
});

test("DaemonSets default to RollingUpdate with maxUnavailable 1 and maxSurge 0.", () => {
  const ds = workload(daemonsets, {});
  assert.deepEqual((ds.spec as Record<string, unknown>).updateStrategy, { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
});

const invalid: { name: string; def: ResourceDefinition<any>; spec: Record<string, unknown>; want: string }[] = [
  { name: "A selector that misses the template labels is refused.", def: deployments, spec: { selector: { matchLabels: { app: "api" } } }, want: 'spec.template.metadata.labels: Invalid value: {"app":"web"}: `selector` does not match template `labels`' },
  { name: "A Deployment needs a selector.", def: deployments, spec: { selector: undefined }, want: "spec.selector: Required value" },
  { name: "An empty selector is refused.", def: replicasets, spec: { selector: {} }, want: "spec.selector: Invalid value: {}: empty selector is invalid for deployment" },
  { name: "Replicas may not be negative.", def: replicasets, spec: { replicas: -1 }, want: "spec.replicas: Invalid value: -1: must be greater than or equal to 0" },
  {
    name: "Templates must restart Always.",
    def: daemonsets,
    spec: { template: { ...template(), spec: { ...template().spec, restartPolicy: "Never" } } },
    want: 'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
  },
  { name: "Template pods are validated as pods.", def: statefulsets, spec: { template: { metadata: { labels: { app: "web" } }, spec: { containers: [] } } }, want: "spec.template.spec.containers: Required value" },
  {
    name: "maxUnavailable and maxSurge may not both be 0.",
    def: deployments,
    spec: { strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 0 } } },
    want: "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0",
  },
  {
    name: "Percentages must be well formed.",
    def: deployments,
    spec: { strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: "half", maxSurge: 1 } } },
    want: `spec.strategy.rollingUpdate.maxUnavailable: Invalid value: "half": a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')`,
  },
  {
    name: "A DaemonSet may not surge and be unavailable at once.",
    def: daemonsets,
    spec: { updateStrategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 1, maxSurge: 1 } } },
    want: "spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: 1: may not be set when maxUnavailable is non-zero",
  },
  { name: "podManagementPolicy is one of two.", def: statefulsets, spec: { podManagementPolicy: "Random" }, want: `spec.podManagementPolicy: Invalid value: "Random": must be 'OrderedReady' or 'Parallel'` },
];
for (const c of invalid) {
  test(c.name, async () => {
    const msgs = await messages(c.def, workload(c.def, c.spec));
    assert.ok(msgs.includes(c.want), `got ${JSON.stringify(msgs)}`);
  });
}

test("Valid workloads pass validation.", async () => {
  for (const def of [deployments, replicasets, statefulsets, daemonsets]) assert.deepEqual(await messages(def, workload(def, {})), [], def.kind);
});

test("The selector of an apps/v1 workload is immutable.", async () => {
  const old = workload(deployments, {});
  const next = workload(deployments, { selector: { matchLabels: { app: "web", v: "2" } }, template: template({ app: "web", v: "2" }) });
  assert.ok((await messages(deployments, next, old)).includes('spec.selector: Invalid value: {"matchLabels":{"app":"web","v":"2"}}: field is immutable'));
});

test("A StatefulSet's spec may change only in upstream's updatable fields.", async () => {
  const old = workload(statefulsets, { serviceName: "web" });
  const scaled = structuredClone(old);
  (scaled.spec as Record<string, unknown>).replicas = 3;
  assert.deepEqual(await messages(statefulsets, scaled, old), []);
  const renamed = structuredClone(old);
  (renamed.spec as Record<string, unknown>).serviceName = "other";
  assert.ok(
    (await messages(statefulsets, renamed, old)).includes(
      "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    ),
  );
});

function cells(def: ResourceDefinition<any>, obj: KubeObject): unknown[] {
  return def.columns!.map((c) => c.cell(obj, { now: NOW }));
}
const names = (def: ResourceDefinition<any>) => def.columns!.map((c) => c.name);

test("The Deployment table shows READY, UP-TO-DATE, AVAILABLE and the wide template cells.", () => {
  const d = workload(deployments, { replicas: 3, selector: { matchLabels: { app: "web" }, matchExpressions: [{ key: "tier", operator: "NotIn", values: ["db"] }] } });
  d.status = { readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 };
  assert.deepEqual(names(deployments), ["Ready", "Up-to-date", "Available", "Age", "Containers", "Images", "Selector"]);
  assert.deepEqual(cells(deployments, d), ["2/3", 3, 2, "60m", "web,log", "nginx:1,busybox", "app=web,tier notin (db)"]);
});

test("The ReplicaSet table shows DESIRED, CURRENT, READY.", () => {
  const rs = workload(replicasets, { replicas: 2 });
  rs.status = { replicas: 2, readyReplicas: 1 };
  assert.deepEqual(names(replicasets), ["Desired", "Current", "Ready", "Age", "Containers", "Images", "Selector"]);
  assert.deepEqual(cells(replicasets, rs), [2, 2, 1, "60m", "web,log", "nginx:1,busybox", "app=web"]);
  assert.deepEqual(replicasets.selectableFields!(rs as never), { "status.replicas": "2" });
});

test("The StatefulSet table shows READY and AGE.", () => {
  const s = workload(statefulsets, { replicas: 3 });
  s.status = { readyReplicas: 1 };
  assert.deepEqual(names(statefulsets), ["Ready", "Age", "Containers", "Images"]);
  assert.deepEqual(cells(statefulsets, s), ["1/3", "60m", "web,log", "nginx:1,busybox"]);
});

test("The DaemonSet table shows the node counts and node selector.", () => {
  const ds = workload(daemonsets, { template: { ...template(), spec: { ...template().spec, nodeSelector: { "kubernetes.io/os": "linux" } } } });
  ds.status = { desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 2, updatedNumberScheduled: 3, numberAvailable: 2 };
  assert.deepEqual(names(daemonsets), ["Desired", "Current", "Ready", "Up-to-date", "Available", "Node Selector", "Age", "Containers", "Images", "Selector"]);
  assert.deepEqual(cells(daemonsets, ds), [3, 3, 2, 3, 2, "kubernetes.io/os=linux", "60m", "web,log", "nginx:1,busybox", "app=web"]);
});

test("The ControllerRevision table names the controller as kind.group/name.", () => {
  const cr: KubeObject = {
    metadata: { name: "web-abc", creationTimestamp: "2026-01-01T11:00:00Z", ownerReferences: [{ apiVersion: "apps/v1", kind: "StatefulSet", name: "web", uid: "u", controller: true }] },
    revision: 2,
    data: {},
  };
  assert.deepEqual(names(controllerrevisions), ["Controller", "Revision", "Age"]);
  assert.deepEqual(cells(controllerrevisions, cr), ["statefulset.apps/web", 2, "60m"]);
});

test("ControllerRevision data is required and immutable.", async () => {
  const cr: KubeObject = { metadata: { name: "r" }, revision: 1 };
  assert.deepEqual(await messages(controllerrevisions, cr), ["data: Required value: data is mandatory"]);
  const old = { ...cr, data: { a: 1 } };
  assert.deepEqual(await messages(controllerrevisions, { ...cr, data: { a: 2 } }, old), ['data: Invalid value: {"a":2}: field is immutable']);
});

test("Workloads start with upstream's empty status.", async () => {
  const expect: [ResourceDefinition<any>, unknown][] = [
    [deployments, {}],
    [replicasets, { replicas: 0 }],
    [statefulsets, { replicas: 0, availableReplicas: 0 }],
    [daemonsets, { currentNumberScheduled: 0, desiredNumberScheduled: 0, numberMisscheduled: 0, numberReady: 0 }],
  ];
  for (const [def, status] of expect) {
    const obj = workload(def, {});
    obj.status = { replicas: 9 };
    await def.prepareForCreate!(obj, ctx);
    assert.deepEqual(obj.status, status, def.kind);
  }
});
