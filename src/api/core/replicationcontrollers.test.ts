import { test } from "node:test";
import assert from "node:assert/strict";
import { fieldErrorMessage } from "../validation/field.js";
import { replicationcontrollers, type ReplicationControllerObject } from "./replicationcontrollers.js";
import { podtemplates, type PodTemplateObject } from "./podtemplates.js";
import { componentStatusOf, componentstatuses } from "./componentstatuses.js";
import { keepEphemeralContainerChanges, validateEphemeralContainersUpdate } from "./pod-ephemeral-containers.js";
import { testContext } from "../testing/hook-context.js";
import type { PodObject } from "./pod-types.js";

const NOW = Date.parse("2026-01-01T12:00:00Z");
const ctx = testContext({ now: NOW });
const template = () => ({ metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "web", image: "nginx:1" }] } });

function rc(spec: Record<string, unknown>): ReplicationControllerObject {
  const obj = { metadata: { name: "web", namespace: "default", creationTimestamp: "2026-01-01T11:00:00Z" }, spec: { template: template(), ...spec } } as ReplicationControllerObject;
  replicationcontrollers.defaults!(obj);
  return obj;
}
const messages = async (o: ReplicationControllerObject) => (await replicationcontrollers.validate!(o, ctx)).map(fieldErrorMessage);

test("A ReplicationController defaults its selector and labels from the template and to one replica.", () => {
  const o = rc({});
  assert.deepEqual(o.spec?.selector, { app: "web" });
  assert.deepEqual(o.metadata.labels, { app: "web" });
  assert.equal(o.spec?.replicas, 1);
});

test("A ReplicationController whose selector does not match its template is refused with upstream's message.", async () => {
  assert.deepEqual(await messages(rc({ selector: { app: "other" } })), ['spec.template.metadata.labels: Invalid value: {"app":"web"}: `selector` does not match template `labels`']);
});

test("A ReplicationController refuses negative replicas, a restart policy other than Always and a deadline.", async () => {
  const o = rc({ replicas: -1 });
  o.spec!.template!.spec!.restartPolicy = "Never";
  o.spec!.template!.spec!.activeDeadlineSeconds = 5;
  const m = await messages(o);
  assert.ok(m.includes("spec.replicas: Invalid value: -1: must be greater than or equal to 0"), m.join("\n"));
  assert.ok(m.some((x) => x.startsWith('spec.template.spec.restartPolicy: Unsupported value: "Never"')), m.join("\n"));
  assert.ok(m.includes("spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicationController is not Supported"), m.join("\n"));
});

test("A ReplicationController's status may not report more ready than current replicas.", () => {
  const o = rc({});
  o.status = { replicas: 1, readyReplicas: 2, availableReplicas: 0 };
  assert.deepEqual(replicationcontrollers.validateStatusUpdate!(o, o, ctx).map(fieldErrorMessage), ["status.readyReplicas: Invalid value: 2: cannot be greater than status.replicas"]);
});

test("ReplicationControllers print DESIRED CURRENT READY AGE, and CONTAINERS IMAGES SELECTOR when wide.", () => {
  const o = rc({ replicas: 3 });
  o.status = { replicas: 2, readyReplicas: 1 };
  const cols = replicationcontrollers.columns!;
  assert.deepEqual(cols.map((c) => [c.name, c.priority ?? 0]), [["Desired", 0], ["Current", 0], ["Ready", 0], ["Age", 0], ["Containers", 1], ["Images", 1], ["Selector", 1]]);
  assert.deepEqual(cols.map((c) => c.cell(o, { now: NOW })), [3, 2, 1, "60m", "web", "nginx:1", "app=web"]);
  assert.deepEqual(replicationcontrollers.shortNames, ["rc"]);
  assert.deepEqual(replicationcontrollers.categories, ["all"]);
  assert.deepEqual(replicationcontrollers.selectableFields!(o), { "status.replicas": "2" });
});

test("PodTemplates validate their template and print CONTAINERS IMAGES POD LABELS.", async () => {
  const pt = { metadata: { name: "t", namespace: "default" }, template: template() } as PodTemplateObject;
  podtemplates.defaults!(pt);
  assert.deepEqual(await podtemplates.validate!(pt, ctx), []);
  assert.deepEqual(podtemplates.columns!.map((c) => c.cell(pt, { now: NOW })), ["web", "nginx:1", "app=web"]);
  const empty = { metadata: { name: "t", namespace: "default" } } as PodTemplateObject;
  podtemplates.defaults!(empty);
  assert.ok((await podtemplates.validate!(empty, ctx)).map(fieldErrorMessage).includes("template.spec.containers: Required value"));
});

test("ComponentStatuses come from probes: a failed probe is Unhealthy with its error.", async () => {
  const services = ctx.services;
  const probing = { ...ctx, services: { ...services, probeComponents: async () => [
    { name: "scheduler", result: "Success" as const, message: "ok", error: "" },
    { name: "etcd-0", result: "Failure" as const, message: "", error: "connection refused" },
  ] } };
  const items = await componentstatuses.computed!.list(probing);
  assert.deepEqual(items.map((i) => i.metadata.name), ["etcd-0", "scheduler"]);
  assert.deepEqual(componentstatuses.columns!.map((c) => c.cell(items[0], { now: NOW })), ["Unhealthy", "", "connection refused"]);
  assert.deepEqual(componentstatuses.columns!.map((c) => c.cell(items[1], { now: NOW })), ["Healthy", "ok", ""]);
  assert.deepEqual(componentStatusOf({ name: "x", result: "Unknown", message: "", error: "" }).conditions, [{ type: "Healthy", status: "Unknown" }]);
  assert.equal(componentstatuses.deprecationWarning, "v1 ComponentStatus is deprecated in v1.19+");
  assert.deepEqual(componentstatuses.verbs, ["get", "list"]);
});

const pod = (ephemeral: { name: string; image: string }[] = []): PodObject => ({
  metadata: { name: "p", namespace: "default" },
  spec: { restartPolicy: "Always", dnsPolicy: "ClusterFirst", containers: [{ name: "web", image: "nginx", terminationMessagePolicy: "File", imagePullPolicy: "Always" }], ...(ephemeral.length ? { ephemeralContainers: ephemeral.map((e) => ({ ...e, terminationMessagePolicy: "File", imagePullPolicy: "Always" })) } : {}) },
}) as PodObject;

test("pods/ephemeralcontainers keeps only ephemeral container changes and allows adding one.", () => {
  const old = pod();
  const next = pod([{ name: "debugger", image: "busybox" }]);
  next.spec!.containers[0].image = "changed";
  const kept = keepEphemeralContainerChanges(next, old) as PodObject;
  assert.equal(kept.spec!.containers[0].image, "nginx");
  assert.equal(kept.spec!.ephemeralContainers?.[0].name, "debugger");
  assert.deepEqual(validateEphemeralContainersUpdate(kept, old).map(fieldErrorMessage), []);
});

test("pods/ephemeralcontainers refuses removing or changing an existing ephemeral container.", () => {
  const old = pod([{ name: "debugger", image: "busybox" }]);
  assert.deepEqual(validateEphemeralContainersUpdate(pod(), old).map(fieldErrorMessage), ['spec.ephemeralContainers: Forbidden: existing ephemeral containers "debugger" may not be removed\n']);
  const changed = pod([{ name: "debugger", image: "alpine" }]);
  assert.deepEqual(validateEphemeralContainersUpdate(changed, old).map(fieldErrorMessage), ['spec.ephemeralContainers.debugger: Forbidden: existing ephemeral containers "debugger" may not be changed\n']);
});
