import { test } from "node:test";
import assert from "node:assert/strict";
import { horizontalpodautoscalersV1 as def } from "./horizontalpodautoscalers-v1.js";
import { BEHAVIOR_ANNOTATION, CONDITIONS_ANNOTATION, hpaFromV1, hpaToV1, METRIC_SPECS_ANNOTATION, METRIC_STATUSES_ANNOTATION, type HPAV1Object } from "./hpa-v1-convert.js";
import { message, testContext, TEST_NOW } from "../testing/hook-context.js";

const ctx = testContext();
const ref = { apiVersion: "apps/v1", kind: "Deployment", name: "web" };
const v1 = (spec: Record<string, unknown>, annotations?: Record<string, string>): HPAV1Object => ({
  apiVersion: "autoscaling/v1",
  kind: "HorizontalPodAutoscaler",
  metadata: { name: "web", namespace: "default", ...(annotations ? { annotations } : {}) },
  spec: { scaleTargetRef: ref, maxReplicas: 5, ...spec },
});
const cpu = (n: number) => ({ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: n } } });

test("targetCPUUtilizationPercentage becomes a CPU utilization metric and back, without annotations.", () => {
  const stored = hpaFromV1(v1({ minReplicas: 2, targetCPUUtilizationPercentage: 55 }));
  assert.deepEqual(stored.spec?.metrics, [cpu(55)]);
  const back = hpaToV1(stored);
  assert.deepEqual(back.spec, { scaleTargetRef: ref, minReplicas: 2, maxReplicas: 5, targetCPUUtilizationPercentage: 55 });
  assert.equal(back.metadata.annotations, undefined);
});

test("A v1 HPA without a target gets upstream's implicit 80% CPU target.", () => {
  assert.deepEqual(hpaFromV1(v1({})).spec?.metrics, [cpu(80)]);
});

test("Other metrics, current metrics, behavior and conditions travel in annotations and come back.", () => {
  const memory = { type: "Resource", resource: { name: "memory", target: { type: "AverageValue", averageValue: "500Mi" } } };
  const pods = { type: "Pods", pods: { metric: { name: "qps" }, target: { type: "AverageValue", averageValue: "10" } } };
  const stored = {
    apiVersion: "autoscaling/v2",
    kind: "HorizontalPodAutoscaler",
    metadata: { name: "web", namespace: "default", annotations: { team: "a" } },
    spec: {
      scaleTargetRef: ref,
      minReplicas: 1,
      maxReplicas: 5,
      metrics: [memory, cpu(70), pods],
      behavior: { scaleDown: { stabilizationWindowSeconds: 60, selectPolicy: "Max", policies: [{ type: "Percent", value: 100, periodSeconds: 15 }] } },
    },
    status: {
      currentReplicas: 2,
      desiredReplicas: 3,
      currentMetrics: [{ type: "Resource", resource: { name: "cpu", current: { averageUtilization: 90, averageValue: "450m" } } }],
      conditions: [{ type: "AbleToScale", status: "True", reason: "ReadyForNewScale", lastTransitionTime: "2024-05-01T11:00:00Z" }],
    },
  };
  const out = hpaToV1(stored);
  assert.equal(out.spec?.targetCPUUtilizationPercentage, 70);
  assert.deepEqual(out.status, { currentReplicas: 2, desiredReplicas: 3, currentCPUUtilizationPercentage: 90 });
  const a = out.metadata.annotations!;
  assert.equal(a.team, "a");
  assert.deepEqual(JSON.parse(a[METRIC_SPECS_ANNOTATION]!), [
    { type: "Resource", resource: { name: "memory", targetAverageValue: "500Mi" } },
    { type: "Pods", pods: { metricName: "qps", targetAverageValue: "10" } },
  ]);
  assert.deepEqual(JSON.parse(a[METRIC_STATUSES_ANNOTATION]!), [{ type: "Resource", resource: { name: "cpu", currentAverageUtilization: 90, currentAverageValue: "450m" } }]);
  assert.deepEqual(JSON.parse(a[BEHAVIOR_ANNOTATION]!), {
    ScaleUp: null,
    ScaleDown: { StabilizationWindowSeconds: 60, SelectPolicy: "Max", Policies: [{ Type: "Percent", Value: 100, PeriodSeconds: 15 }], Tolerance: null },
  });
  assert.deepEqual(JSON.parse(a[CONDITIONS_ANNOTATION]!), stored.status.conditions);

  const back = hpaFromV1(out);
  assert.deepEqual(back.metadata.annotations, { team: "a" });
  // Annotated metrics first, then the CPU target.
  assert.deepEqual(back.spec?.metrics, [memory, pods, cpu(70)]);
  assert.deepEqual(back.status?.currentMetrics, stored.status.currentMetrics);
  assert.deepEqual(back.status?.conditions, stored.status.conditions);
  assert.equal(back.spec?.behavior?.scaleDown?.stabilizationWindowSeconds, 60);
  // v2 defaulting completes the scale-up rules the annotation left out.
  assert.equal(back.spec?.behavior?.scaleUp?.selectPolicy, "Max");
});

test("Round-trip annotations a client sends on a stored object are replaced, not kept.", () => {
  const stored = hpaFromV1(v1({ targetCPUUtilizationPercentage: 50 }));
  stored.metadata.annotations = { [METRIC_SPECS_ANNOTATION]: "[]" };
  assert.equal(hpaToV1(stored).metadata.annotations, undefined);
});

test("v1 defaulting sets one minimum replica.", () => {
  const obj = v1({});
  def.defaults!(obj);
  assert.equal(obj.spec?.minReplicas, 1);
});

test("Validation runs on the converted object with upstream's messages.", async () => {
  assert.deepEqual(await def.validate!(v1({ minReplicas: 1, targetCPUUtilizationPercentage: 50 }), ctx), []);
  const errs = await def.validate!(v1({ minReplicas: 3, maxReplicas: 2, targetCPUUtilizationPercentage: 0 }), ctx);
  assert.deepEqual(errs.map(message), [
    "spec.maxReplicas: Invalid value: 2: must be greater than or equal to `minReplicas`",
    "spec.metrics[0].resource.target.averageUtilization: Invalid value: 0: must be greater than 0",
  ]);
});

test("The v1 table shows the CPU target as v2's does.", () => {
  const obj = v1({ minReplicas: 1, targetCPUUtilizationPercentage: 50 });
  obj.metadata.creationTimestamp = "2024-05-01T11:00:00Z";
  obj.status = { currentReplicas: 2, desiredReplicas: 2, currentCPUUtilizationPercentage: 20 };
  const cells = def.columns!.map((c) => c.cell(obj, { now: TEST_NOW }));
  assert.deepEqual(cells, ["Deployment/web", "cpu: 20%/50%", "1", 5, 2, "60m"]);
  assert.deepEqual(def.columns!.map((c) => c.name), ["Reference", "Targets", "MinPods", "MaxPods", "Replicas", "Age"]);
});

test("Status carried in annotations cannot change through the main endpoint, nor spec through /status.", () => {
  const stored = hpaFromV1(v1({ targetCPUUtilizationPercentage: 50 }));
  stored.status = { currentReplicas: 1, desiredReplicas: 1, conditions: [{ type: "AbleToScale", status: "True" }] };
  const old = hpaToV1(stored);
  const edited = hpaToV1(stored);
  edited.metadata.annotations![CONDITIONS_ANNOTATION] = JSON.stringify([{ type: "ScalingActive", status: "False" }]);
  edited.metadata.annotations![METRIC_SPECS_ANNOTATION] = JSON.stringify([{ type: "Pods", pods: { metricName: "qps", targetAverageValue: "1" } }]);
  const forMain = structuredClone(edited);
  def.prepareForUpdate!(forMain, old, ctx);
  assert.deepEqual(hpaFromV1(forMain).status?.conditions, [{ type: "AbleToScale", status: "True" }]);
  assert.equal(hpaFromV1(forMain).spec?.metrics?.length, 2);
  const forStatus = structuredClone(edited);
  def.prepareForStatusUpdate!(forStatus, old, ctx);
  assert.deepEqual(hpaFromV1(forStatus).spec?.metrics, [cpu(50)]);
  assert.deepEqual(hpaFromV1(forStatus).status?.conditions, [{ type: "ScalingActive", status: "False" }]);
  const created = v1({}, { [CONDITIONS_ANNOTATION]: "[]", team: "a" });
  def.prepareForCreate!(created, ctx);
  assert.deepEqual(created.metadata.annotations, { team: "a" });
});
