import { test } from "node:test";
import assert from "node:assert/strict";
import { horizontalpodautoscalers as def } from "./horizontalpodautoscalers.js";
import { formatHPAMetrics } from "./hpa-columns.js";
import { message, testContext } from "../testing/hook-context.js";

const ctx = testContext();
const hpa = (spec: Record<string, unknown>, status?: Record<string, unknown>) =>
  ({ metadata: { name: "web", namespace: "default" }, spec: { scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "web" }, maxReplicas: 5, ...spec }, status }) as never;

test("An HPA without metrics or minReplicas gets one replica and an 80% CPU target.", () => {
  const obj = hpa({});
  def.defaults!(obj);
  const spec = (obj as { spec: Record<string, unknown> }).spec;
  assert.equal(spec.minReplicas, 1);
  assert.deepEqual(spec.metrics, [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 80 } } }]);
  assert.equal(spec.behavior, undefined);
});

test("A partial behavior is completed with upstream's scale-up and scale-down rules.", () => {
  const obj = hpa({ behavior: { scaleDown: { stabilizationWindowSeconds: 60 } } });
  def.defaults!(obj);
  const behavior = (obj as { spec: { behavior: unknown } }).spec.behavior;
  assert.deepEqual(behavior, {
    scaleDown: { stabilizationWindowSeconds: 60, selectPolicy: "Max", policies: [{ type: "Percent", value: 100, periodSeconds: 15 }] },
    scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: "Max", policies: [{ type: "Pods", value: 4, periodSeconds: 15 }, { type: "Percent", value: 100, periodSeconds: 15 }] },
  });
});

const invalid: { name: string; spec: Record<string, unknown>; want: string[] }[] = [
  { name: "maxReplicas below minReplicas is refused.", spec: { minReplicas: 3, maxReplicas: 2 }, want: ["spec.maxReplicas: Invalid value: 2: must be greater than or equal to `minReplicas`"] },
  { name: "A zero maxReplicas is refused.", spec: { minReplicas: 1, maxReplicas: 0 }, want: ["spec.maxReplicas: Invalid value: 0: must be greater than 0", "spec.maxReplicas: Invalid value: 0: must be greater than or equal to `minReplicas`"] },
  { name: "A scale target without a name is refused.", spec: { minReplicas: 1, scaleTargetRef: { kind: "Deployment" } }, want: ["spec.scaleTargetRef.name: Required value"] },
  {
    name: "A metric type without its source is refused.",
    spec: { minReplicas: 1, metrics: [{ type: "Pods" }] },
    want: ["spec.metrics[0].pods: Required value: must populate information for the given metric source"],
  },
  {
    name: "A utilization of zero is refused.",
    spec: { minReplicas: 1, metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 0 } } }] },
    want: ["spec.metrics[0].resource.target.averageUtilization: Invalid value: 0: must be greater than 0"],
  },
  {
    name: "A scaling policy with a period over 30 minutes is refused.",
    spec: { minReplicas: 1, behavior: { scaleUp: { policies: [{ type: "Pods", value: 1, periodSeconds: 1801 }] } } },
    want: ["spec.behavior.scaleUp.policies[0].periodSeconds: Invalid value: 1801: must be less than or equal to 1800"],
  },
];
for (const c of invalid) {
  test(c.name, async () => assert.deepEqual((await def.validate!(hpa(c.spec), ctx)).map(message), c.want));
}

test("A defaulted HPA is valid.", async () => {
  const obj = hpa({ behavior: {} });
  def.defaults!(obj);
  assert.deepEqual(await def.validate!(obj, ctx), []);
});

const targets: { name: string; specs: unknown[]; statuses?: unknown[]; want: string }[] = [
  { name: "No metrics print as <none>.", specs: [], want: "<none>" },
  { name: "A CPU target without a reading prints <unknown>.", specs: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 80 } } }], want: "cpu: <unknown>/80%" },
  {
    name: "A CPU target with a reading prints both percentages.",
    specs: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 80 } } }],
    statuses: [{ type: "Resource", resource: { name: "cpu", current: { averageUtilization: 42, averageValue: "21m" } } }],
    want: "cpu: 42%/80%",
  },
  { name: "An average-value resource target prints the quantity.", specs: [{ type: "Resource", resource: { name: "memory", target: { type: "AverageValue", averageValue: "500Mi" } } }], want: "memory: <unknown>/500Mi" },
  { name: "An object metric with an average prints (avg).", specs: [{ type: "Object", object: { metric: { name: "rps" }, describedObject: { kind: "Service", name: "s" }, target: { type: "AverageValue", averageValue: "10" } } }], want: "<unknown>/10 (avg)" },
  {
    name: "More than two metrics print the first two and a count.",
    specs: [
      { type: "Pods", pods: { metric: { name: "a" }, target: { type: "AverageValue", averageValue: "1" } } },
      { type: "Pods", pods: { metric: { name: "b" }, target: { type: "AverageValue", averageValue: "2" } } },
      { type: "Pods", pods: { metric: { name: "c" }, target: { type: "AverageValue", averageValue: "3" } } },
    ],
    want: "<unknown>/1, <unknown>/2 + 1 more...",
  },
];
for (const t of targets) {
  test(t.name, () => assert.equal(formatHPAMetrics(t.specs as never, t.statuses as never), t.want));
}

test("The table shows reference, targets, bounds and replicas.", () => {
  const obj = hpa({ minReplicas: 2 }, { currentReplicas: 3, desiredReplicas: 3 });
  def.defaults!(obj);
  const cells = def.columns!.slice(0, 5).map((c) => c.cell(obj, { now: 0 }));
  assert.deepEqual(cells, ["Deployment/web", "cpu: <unknown>/80%", "2", 5, 3]);
});
