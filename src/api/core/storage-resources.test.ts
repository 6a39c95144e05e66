import { test } from "node:test";
import assert from "node:assert/strict";
import { fieldErrorMessage, type FieldError } from "../validation/field.js";
import { limitranges, type LimitRangeObject } from "./limitranges.js";
import { resourcequotas, type ResourceQuotaObject } from "./resourcequotas.js";
import { persistentvolumes, type PersistentVolumeObject } from "./persistentvolumes.js";
import { persistentvolumeclaims, type PersistentVolumeClaimObject } from "./persistentvolumeclaims.js";
import { testContext } from "../testing/hook-context.js";

const ctx = testContext({ now: Date.parse("2024-01-01T00:00:00Z") });
const now = Date.parse("2024-01-01T00:10:00Z");
const meta = { name: "x", creationTimestamp: "2024-01-01T00:00:00Z" };
const msgs = (e: FieldError[] | Promise<FieldError[]>) => (e as FieldError[]).map(fieldErrorMessage);
const row = <T>(cols: { name: string; cell(o: T, c: { now: number }): unknown }[], o: T) => Object.fromEntries(cols.map((c) => [c.name, c.cell(o, { now })]));

test("Container limit ranges default limits to max and requests to default, then min.", () => {
  const lr = { metadata: meta, spec: { limits: [{ type: "Container", max: { cpu: "2" }, min: { memory: "64Mi" }, default: { memory: "1024Mi" } }] } } as LimitRangeObject;
  limitranges.defaults!(lr);
  const item = lr.spec!.limits[0];
  assert.deepEqual(item.default, { memory: "1Gi", cpu: "2" });
  assert.deepEqual(item.defaultRequest, { memory: "1Gi", cpu: "2" });
});

test("Limit ranges require min <= default request <= default <= max.", () => {
  const lr = { metadata: meta, spec: { limits: [{ type: "Container", min: { cpu: "2" }, max: { cpu: "1" }, default: { cpu: "500m" }, defaultRequest: { cpu: "600m" } }] } } as LimitRangeObject;
  assert.deepEqual(msgs(limitranges.validate!(lr, ctx)), [
    'spec.limits[0].min[cpu]: Invalid value: "2": min value 2 is greater than max value 1',
    'spec.limits[0].defaultRequest[cpu]: Invalid value: "600m": min value 2 is greater than default request value 600m',
    'spec.limits[0].defaultRequest[cpu]: Invalid value: "600m": default request value 600m is greater than default limit value 500m',
    'spec.limits[0].default[cpu]: Invalid value: "2": min value 2 is greater than default value 500m',
  ]);
  const pod = { metadata: meta, spec: { limits: [{ type: "Pod", default: { cpu: "1" } }] } } as LimitRangeObject;
  assert.deepEqual(msgs(limitranges.validate!(pod, ctx)), ["spec.limits[0].default: Forbidden: may not be specified when `type` is 'Pod'"]);
  assert.deepEqual(row(limitranges.columns!, lr), { "Created At": "2024-01-01T00:00:00Z" });
});

test("Resource quotas print used/hard split into request and limit columns.", () => {
  const rq = {
    metadata: meta,
    spec: { hard: { "requests.cpu": "1", pods: "10", "limits.memory": "2Gi", "limits.cpu": "2" } },
    status: { hard: { "requests.cpu": "1", pods: "10", "limits.memory": "2Gi", "limits.cpu": "2" }, used: { "requests.cpu": "500m", pods: "1" } },
  } as ResourceQuotaObject;
  assert.deepEqual(row(resourcequotas.columns!, rq), { Age: "10m", Request: "pods: 1/10, requests.cpu: 500m/1", Limit: "limits.cpu: 0/2, limits.memory: 0/2Gi" });
  assert.deepEqual(msgs(resourcequotas.validate!({ metadata: meta, spec: { hard: { cpu: "-1" } } } as ResourceQuotaObject, ctx)), ['spec.hard[cpu]: Invalid value: "-1": must be greater than or equal to 0']);
});

test("PersistentVolumes default to Retain and Filesystem, start Pending and print as upstream.", async () => {
  const pv = { metadata: meta, spec: { capacity: { storage: "1024Mi" }, accessModes: ["ReadWriteOnce", "ReadOnlyMany"], hostPath: { path: "/data" }, claimRef: { namespace: "default", name: "data" }, storageClassName: "standard" } } as PersistentVolumeObject;
  persistentvolumes.defaults!(pv);
  await persistentvolumes.prepareForCreate!(pv, ctx);
  assert.equal(pv.spec!.persistentVolumeReclaimPolicy, "Retain");
  assert.equal(pv.spec!.volumeMode, "Filesystem");
  assert.equal(pv.status!.phase, "Pending");
  assert.deepEqual(msgs(persistentvolumes.validate!(pv, ctx)), []);
  assert.deepEqual(row(persistentvolumes.columns!, pv), {
    Capacity: "1Gi", "Access Modes": "RWO,ROX", "Reclaim Policy": "Retain", Status: "Pending", Claim: "default/data",
    StorageClass: "standard", VolumeAttributesClass: "<unset>", Reason: "", Age: "10m", VolumeMode: "Filesystem",
  });
  const bad = { metadata: meta, spec: { accessModes: [] } } as unknown as PersistentVolumeObject;
  assert.deepEqual(msgs(persistentvolumes.validate!(bad, ctx)), ["spec.accessModes: Required value", "spec.capacity: Required value", "spec: Required value: must specify a volume type"]);
});

test("PersistentVolumeClaims start Pending; their spec is frozen except storage growth.", async () => {
  const pvc = { metadata: meta, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } } } as PersistentVolumeClaimObject;
  persistentvolumeclaims.defaults!(pvc);
  await persistentvolumeclaims.prepareForCreate!(pvc, ctx);
  assert.equal(pvc.status!.phase, "Pending");
  assert.deepEqual(row(persistentvolumeclaims.columns!, pvc), { Status: "Pending", Volume: "", Capacity: "", "Access Modes": "", StorageClass: "", VolumeAttributesClass: "<unset>", Age: "10m", VolumeMode: "Filesystem" });

  const bound = structuredClone(pvc);
  bound.spec!.volumeName = "pv-1";
  (bound as { status?: unknown }).status = { phase: "Bound", capacity: { storage: "1Gi" }, accessModes: ["ReadWriteOnce"] };
  assert.deepEqual(msgs(persistentvolumeclaims.validateUpdate!(bound, pvc, ctx)), []);
  assert.deepEqual(row(persistentvolumeclaims.columns!, bound).Capacity, "1Gi");

  const grow = structuredClone(bound);
  grow.spec!.resources!.requests!.storage = "2Gi";
  assert.deepEqual(msgs(persistentvolumeclaims.validateUpdate!(grow, bound, ctx)), []);
  const shrink = structuredClone(bound);
  shrink.spec!.resources!.requests!.storage = "512Mi";
  assert.deepEqual(msgs(persistentvolumeclaims.validateUpdate!(shrink, bound, ctx)), ["spec.resources.requests.storage: Forbidden: field can not be less than status.capacity"]);
  const modes = structuredClone(bound);
  modes.spec!.accessModes = ["ReadWriteMany"];
  assert.deepEqual(msgs(persistentvolumeclaims.validateUpdate!(modes, bound, ctx)), ["spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims"]);
  const missing = { metadata: meta, spec: { resources: {} } } as PersistentVolumeClaimObject;
  assert.deepEqual(msgs(persistentvolumeclaims.validate!(missing, ctx)), ["spec.accessModes: Required value: at least 1 access mode is required", "spec.resources[storage]: Required value"]);
});
