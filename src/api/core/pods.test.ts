import { test } from "node:test";
import assert from "node:assert/strict";
import { ApiError } from "../errors.js";
import type { DeleteOptionsLike, HookContext, KubeObject, SubresourceRegistry } from "../types.js";
import type { PodObject } from "./pod-types.js";
import { pods } from "./pods.js";
import { testContext } from "../testing/hook-context.js";

const NOW = Date.parse("2026-01-01T00:00:00Z");

function ctx(objects: Record<string, KubeObject> = {}): HookContext {
  return testContext({ now: NOW, services: { getObject: async (_g, resource, _ns, name) => objects[`${resource}/${name}`] } });
}

function newPod(spec: Partial<NonNullable<PodObject["spec"]>> = {}): PodObject {
  const pod: PodObject = { metadata: { name: "p", namespace: "default", uid: "u1" }, spec: { containers: [{ name: "c", image: "nginx" }], ...spec } };
  pods.defaults!(pod);
  return pod;
}

async function created(spec: Partial<NonNullable<PodObject["spec"]>> = {}, objects: Record<string, KubeObject> = {}): Promise<PodObject> {
  const pod = newPod(spec);
  await pods.prepareForCreate!(pod, ctx(objects));
  return pod;
}

test("A new pod is Pending with its QoS class; the deprecated serviceAccount mirrors serviceAccountName.", async () => {
  const pod = await created({ serviceAccountName: "robot" });
  assert.deepEqual(pod.status, { phase: "Pending", qosClass: "BestEffort" });
  assert.equal(pod.spec!.serviceAccount, "robot");
});

test("A gated pod starts with the SchedulingGated condition.", async () => {
  const pod = await created({ schedulingGates: [{ name: "example.com/wait" }] });
  assert.equal(pod.status!.conditions![0].reason, "SchedulingGated");
});

const deletes: { name: string; spec: Partial<NonNullable<PodObject["spec"]>>; phase?: string; grace?: number; graceful: boolean; defaultGrace: number }[] = [
  { name: "An unscheduled pod is removed at once.", spec: {}, graceful: false, defaultGrace: 0 },
  { name: "A bound running pod waits for its grace period.", spec: { nodeName: "n1" }, phase: "Running", graceful: true, defaultGrace: 30 },
  { name: "A bound pod deleted with grace 0 is removed at once.", spec: { nodeName: "n1" }, phase: "Running", grace: 0, graceful: false, defaultGrace: 30 },
  { name: "A finished pod is removed at once.", spec: { nodeName: "n1" }, phase: "Succeeded", graceful: false, defaultGrace: 0 },
  { name: "The pod's own grace period is the default.", spec: { nodeName: "n1", terminationGracePeriodSeconds: 5 }, phase: "Running", graceful: true, defaultGrace: 5 },
];
for (const d of deletes) {
  test(d.name, () => {
    const pod = newPod(d.spec);
    pod.status = { phase: d.phase };
    const grace = d.grace ?? pods.defaultGracePeriodSeconds!(pod)!;
    assert.equal(pods.defaultGracePeriodSeconds!(pod), d.defaultGrace);
    assert.equal(pods.gracefulDelete!(pod, grace), d.graceful);
  });
}

test("Pods select on upstream's fields.", async () => {
  const pod = await created({ nodeName: "n1", serviceAccountName: "default" });
  pod.status!.podIPs = [{ ip: "10.0.0.1" }];
  assert.deepEqual(pods.selectableFields!(pod), {
    "spec.nodeName": "n1",
    "spec.restartPolicy": "Always",
    "spec.schedulerName": "default-scheduler",
    "spec.serviceAccountName": "default",
    "spec.hostNetwork": "false",
    "status.phase": "Pending",
    "status.podIP": "10.0.0.1",
    "status.nominatedNodeName": "",
  });
});

/** A registry over one stored pod, recording deletes. */
function fakeRegistry(stored: PodObject): SubresourceRegistry & { deleted: DeleteOptionsLike[] } {
  const deleted: DeleteOptionsLike[] = [];
  return {
    deleted,
    get: async () => structuredClone(stored),
    async update(_ns, _name, fn) {
      const next = (await fn(structuredClone(stored))) as PodObject;
      Object.assign(stored, next);
      return next;
    },
    async delete(_ns, _name, opts) {
      deleted.push(opts);
      return stored;
    },
  };
}

const sub = (name: string) => pods.subresources![name];

test("Binding assigns the node, marks the pod scheduled and answers Success.", async () => {
  const stored = await created();
  const reg = fakeRegistry(stored);
  const out = await sub("binding").handler({ verb: "create", namespace: "default", name: "p", body: { metadata: { name: "p", annotations: { a: "b" } }, target: { kind: "Node", name: "n1" } }, query: new URLSearchParams(), ctx: ctx() }, reg);
  assert.deepEqual(out, { kind: "Status", apiVersion: "v1", metadata: {}, status: "Success", code: 201 });
  assert.equal(stored.spec!.nodeName, "n1");
  assert.equal(stored.metadata.annotations!.a, "b");
  assert.deepEqual(stored.status!.conditions, [{ type: "PodScheduled", status: "True", lastTransitionTime: "2026-01-01T00:00:00Z" }]);
});

test("Binding a bound pod is a conflict worded as upstream.", async () => {
  const stored = await created({ nodeName: "n1" });
  await assert.rejects(
    sub("binding").handler({ verb: "create", namespace: "default", name: "p", body: { target: { name: "n2" } }, query: new URLSearchParams(), ctx: ctx() }, fakeRegistry(stored)),
    (e: ApiError) => e.code === 409 && e.message === 'Operation cannot be fulfilled on pods/binding "p": pod p is already assigned to node "n1"',
  );
});

test("Binding without a target is invalid.", async () => {
  const stored = await created();
  await assert.rejects(
    sub("binding").handler({ verb: "create", namespace: "default", name: "p", body: { target: {} }, query: new URLSearchParams(), ctx: ctx() }, fakeRegistry(stored)),
    (e: ApiError) => e.code === 422 && e.message === 'Binding "p" is invalid: target.name: Required value',
  );
});

test("Eviction deletes the pod with the eviction's delete options, a pending pod only as it was read.", async () => {
  const stored = await created({ nodeName: "n1" });
  Object.assign(stored.metadata, { resourceVersion: "5" });
  const reg = fakeRegistry(stored);
  const out = await sub("eviction").handler({ verb: "create", namespace: "default", name: "p", body: { metadata: { name: "p" }, deleteOptions: { gracePeriodSeconds: 7 } }, query: new URLSearchParams(), ctx: ctx() }, reg);
  assert.equal((out as { status: string }).status, "Success");
  assert.deepEqual(reg.deleted, [{ gracePeriodSeconds: 7, preconditions: { resourceVersion: "5" } }]);
});

test("Logs of an unscheduled pod are empty; a multi-container pod needs a container name.", async () => {
  const one = await created();
  assert.equal(await sub("log").handler({ verb: "get", namespace: "default", name: "p", query: new URLSearchParams(), ctx: ctx() }, fakeRegistry(one)), "");
  const two = await created({ containers: [{ name: "a", image: "x" }, { name: "b", image: "x" }] });
  await assert.rejects(
    sub("log").handler({ verb: "get", namespace: "default", name: "p", query: new URLSearchParams(), ctx: ctx() }, fakeRegistry(two)),
    (e: ApiError) => e.code === 400 && e.message === "a container name must be specified for pod p, choose one of: [a b]",
  );
  await assert.rejects(
    sub("log").handler({ verb: "get", namespace: "default", name: "p", query: new URLSearchParams("container=z"), ctx: ctx() }, fakeRegistry(two)),
    (e: ApiError) => e.message === "container z is not valid for pod p",
  );
});

test("Pod spec changes are refused on update while image changes pass.", async () => {
  const old = await created();
  const next = structuredClone(old);
  next.spec!.containers[0].image = "nginx:2";
  assert.deepEqual(await pods.validateUpdate!(next, old, ctx()), []);
  next.spec!.restartPolicy = "Never";
  const errs = await pods.validateUpdate!(next, old, ctx());
  assert.equal(errs.length, 1);
  assert.equal(errs[0].type, "FieldValueForbidden");
});
