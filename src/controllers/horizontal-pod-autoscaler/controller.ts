/**
 * The horizontal pod autoscaler controller (autoscaling/v2): every
 * --horizontal-pod-autoscaler-sync-period it reads the target's scale
 * subresource (any resource that has one, found through discovery:
 * scale-client.ts), enforces minReplicas/maxReplicas, computes the desired
 * replicas from resource metrics (replica-calculator.ts) under the
 * behavior's stabilisation and policies, writes the scale, and reports
 * conditions AbleToScale, ScalingActive and ScalingLimited as upstream.
 */
import type { Pod } from "kubernetes-types/core/v1.js";
import type { KubeObject } from "../../api/types.js";
import { createWorkQueue, runController } from "../../client/index.js";
import { HPAS, PODS } from "../../client/resources.js";
import { keyOf, splitKey, type Controller, type GVR } from "../../client/types.js";
import type { ControllerContext } from "../context.js";
import { runnerLogs } from "../context.js";
import { setCondition, type HPACondition } from "./conditions.js";
import { createResourceMetricsSource, type MetricsSource } from "./metrics-source.js";
import { DEFAULT_TOLERANCE, limitByBehavior, stabilize, withDefaults, type HPABehavior, type Recommendation, type ScaleEvent } from "./replica-calculator.js";
import { resourceReplicas } from "./resource-replicas.js";
import { Quantity, tryParseQuantity } from "../../api/validation/core-quantity.js";
import { formatTime } from "../../util/time.js";
import { parseLabelSelector } from "../../apiserver/selection/labels.js";
import { createRestMapper } from "./rest-mapper.js";
import { createScaleClient, type Scale, type ScaleClient } from "./scale-client.js";

export const HPA_CONTROLLER = "horizontal-pod-autoscaler";

interface MetricSpec {
  type: string;
  resource?: { name: string; target: { type: string; averageUtilization?: number; averageValue?: string } };
}

export type HPAObject = KubeObject & {
  spec: { scaleTargetRef: { apiVersion?: string; kind: string; name: string }; minReplicas?: number; maxReplicas: number; metrics?: MetricSpec[]; behavior?: HPABehavior };
  status?: { observedGeneration?: number; lastScaleTime?: string; currentReplicas?: number; desiredReplicas?: number; currentMetrics?: unknown[]; conditions?: HPACondition[] };
};

export interface HPAControllerOptions {
  /** Where pod metrics come from; the resource metrics API by default. */
  metrics?: MetricsSource;
  /** How targets' scale subresources are reached; through discovery by default. */
  scales?: ScaleClient;
}

export function createHorizontalPodAutoscalerController(ctx: ControllerContext, opts: HPAControllerOptions = {}): Controller {
  const { client, clock, options } = ctx;
  const hpas = ctx.informers.forResource<HPAObject>(HPAS);
  const pods = ctx.informers.forResource<Pod & KubeObject>(PODS);
  const recorder = ctx.recorder("horizontal-pod-autoscaler");
  const metricsSource = opts.metrics ?? createResourceMetricsSource(client);
  const scales = opts.scales ?? createScaleClient(client, createRestMapper(client, clock));
  const queue = createWorkQueue<string>({ clock, name: "horizontalpodautoscaler" });
  const recommendations = new Map<string, Recommendation[]>();
  const upEvents = new Map<string, ScaleEvent[]>();
  const downEvents = new Map<string, ScaleEvent[]>();
  const nowIso = () => formatTime(clock.now());

  // As upstream's fixed-interval rate limiter: every add waits one sync period.
  const enqueue = (h: HPAObject) => queue.addAfter(keyOf(h), options.hpaSyncPeriodMs);
  hpas.addEventHandler({ onAdd: enqueue, onUpdate: (_o, h) => enqueue(h), onDelete: (h) => forget(keyOf(h)) });

  function forget(key: string): void {
    recommendations.delete(key);
    upEvents.delete(key);
    downEvents.delete(key);
  }

  async function writeStatus(hpa: HPAObject, status: NonNullable<HPAObject["status"]>): Promise<void> {
    if (JSON.stringify(hpa.status ?? {}) === JSON.stringify(status)) return;
    await client.update(HPAS, hpa.metadata.namespace, { ...hpa, status }, { subresource: "status" });
  }

  /** computeStatusForResourceMetric: one Resource metric's proposal and status, or upstream's error. */
  async function resourceProposal(hpa: HPAObject, resource: string, target: { type: string; averageUtilization?: number; averageValue?: string }, selector: string, current: number) {
    const namespace = hpa.metadata.namespace!;
    const targetValue = target.averageValue !== undefined ? tryParseQuantity(target.averageValue) : undefined;
    if (!targetValue && target.averageUtilization === undefined) throw new Error("invalid resource metric source: neither an average utilization target nor an average value (usage) target was set");
    let metrics;
    try {
      metrics = await metricsSource.podResourceMetrics(namespace, selector, resource);
    } catch (err) {
      throw new Error(`unable to get metrics for resource ${resource}: ${(err as Error).message}`);
    }
    const input = { currentReplicas: current, resource, pods: pods.lister.list(namespace, selector), metrics, now: clock.now(), tolerance: DEFAULT_TOLERANCE };
    if (targetValue) {
      const r = resourceReplicas(input, { averageMilli: Number(targetValue.milliValue()) });
      return { replicas: r.replicas, metricName: `${resource} resource`, current: { averageValue: Quantity.fromMilli(r.rawAverageMilli).toString() } };
    }
    const r = resourceReplicas(input, { utilization: target.averageUtilization! });
    return { replicas: r.replicas, metricName: `${resource} resource utilization (percentage of request)`, current: { averageUtilization: r.utilization, averageValue: Quantity.fromMilli(r.rawAverageMilli).toString() } };
  }

  /** computeReplicasForMetrics: the largest proposal over the metrics, or an error naming the first failure. */
  async function replicasFromMetrics(hpa: HPAObject, scale: Scale, current: number, conditions: HPACondition[]): Promise<{ replicas: number; metricName: string; currentMetrics: unknown[]; conditions: HPACondition[] } | { error: string; conditions: HPACondition[] }> {
    const specs = hpa.spec.metrics?.length ? hpa.spec.metrics : [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 80 } } }];
    let best = -1;
    let metricName = "";
    let firstError = "";
    let invalid = 0;
    const currentMetrics: unknown[] = [];
    const selector = scale.status?.selector ?? "";
    if (!selector) {
      recorder.event(hpa, "Warning", "SelectorRequired", "selector is required");
      conditions = setCondition(conditions, { type: "ScalingActive", status: "False", reason: "InvalidSelector", message: "the HPA target's scale is missing a selector" }, nowIso());
      return { error: "selector is required", conditions };
    }
    try {
      parseLabelSelector(selector);
    } catch (err) {
      const msg = `couldn't convert selector into a corresponding internal selector object: ${(err as Error).message}`;
      recorder.event(hpa, "Warning", "InvalidSelector", msg);
      conditions = setCondition(conditions, { type: "ScalingActive", status: "False", reason: "InvalidSelector", message: msg }, nowIso());
      return { error: msg, conditions };
    }
    for (const m of specs) {
      if (m.type !== "Resource" || !m.resource) {
        invalid++;
        firstError ||= `failed to get ${m.type.toLowerCase()} metric value: metric type ${m.type} is not supported`;
        continue;
      }
      const res = m.resource.name;
      const target = m.resource.target;
      // Upstream words a utilisation target's failure "utilization", an average value's "usage".
      const what = target.averageValue !== undefined ? "usage" : "utilization";
      try {
        const proposal = await resourceProposal(hpa, res, target, selector, current);
        currentMetrics.push({ type: "Resource", resource: { name: res, current: proposal.current } });
        if (proposal.replicas > best) {
          best = proposal.replicas;
          metricName = proposal.metricName;
        }
      } catch (err) {
        const msg = `failed to get ${res} ${what}: ${(err as Error).message}`;
        recorder.event(hpa, "Warning", "FailedGetResourceMetric", msg);
        conditions = setCondition(conditions, { type: "ScalingActive", status: "False", reason: "FailedGetResourceMetric", message: `the HPA was unable to compute the replica count: ${msg}` }, nowIso());
        invalid++;
        firstError ||= `failed to get ${res} resource metric value: ${msg}`;
        currentMetrics.push({ type: "" });
      }
    }
    if (invalid === specs.length) return { error: `invalid metrics (${invalid} invalid out of ${specs.length}), first error is: ${firstError}`, conditions };
    conditions = setCondition(conditions, { type: "ScalingActive", status: "True", reason: "ValidMetricFound", message: `the HPA was able to successfully calculate a replica count from ${metricName}` }, nowIso());
    return { replicas: best, metricName, currentMetrics, conditions };
  }

  async function sync(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const hpa = hpas.lister.get(namespace, name);
    if (!hpa) return forget(key);
    // reconcileAutoscaler runs again after the sync period whatever happens now.
    queue.addAfter(key, options.hpaSyncPeriodMs);
    let conditions = [...(hpa.status?.conditions ?? [])];
    const base = { observedGeneration: hpa.metadata.generation, lastScaleTime: hpa.status?.lastScaleTime, currentReplicas: hpa.status?.currentReplicas ?? 0, desiredReplicas: hpa.status?.desiredReplicas ?? 0 };
    let scale: Scale;
    let gvr: GVR;
    try {
      ({ scale, gvr } = await scales.get(namespace!, hpa.spec.scaleTargetRef));
    } catch (err) {
      const why = (err as Error).message;
      recorder.event(hpa, "Warning", "FailedGetScale", why);
      conditions = setCondition(conditions, { type: "AbleToScale", status: "False", reason: "FailedGetScale", message: `the HPA controller was unable to get the target's current scale: ${why}` }, nowIso());
      await writeStatus(hpa, { ...base, conditions });
      return;
    }
    const current = scale.spec?.replicas ?? 0;
    conditions = setCondition(conditions, { type: "AbleToScale", status: "True", reason: "SucceededGetScale", message: "the HPA controller was able to get the target's current scale" }, nowIso());
    const min = hpa.spec.minReplicas ?? 1;
    const max = hpa.spec.maxReplicas;
    let desired = current;
    let reason = "";
    let currentMetrics: unknown[] | undefined = hpa.status?.currentMetrics;
    let rescale = true;
    if (current === 0 && min !== 0) {
      rescale = false;
      desired = 0;
      conditions = setCondition(conditions, { type: "ScalingActive", status: "False", reason: "ScalingDisabled", message: "scaling is disabled since the replica count of the target is zero" }, nowIso());
    } else if (current > max) {
      desired = max;
      reason = "Current number of replicas above Spec.MaxReplicas";
    } else if (current < min) {
      desired = min;
      reason = "Current number of replicas below Spec.MinReplicas";
    } else {
      const r = await replicasFromMetrics(hpa, scale, current, conditions);
      conditions = r.conditions;
      if ("error" in r) {
        await writeStatus(hpa, { ...base, currentReplicas: current, conditions });
        recorder.event(hpa, "Warning", "FailedComputeMetricsReplicas", r.error);
        return;
      }
      currentMetrics = r.currentMetrics;
      const behavior = withDefaults(hpa.spec.behavior);
      const now = clock.now();
      const recs = (recommendations.get(key) ?? []).filter((x) => x.atMs > now - Math.max(behavior.scaleUp.stabilizationWindowSeconds, behavior.scaleDown.stabilizationWindowSeconds) * 1000);
      const stable = stabilize({ nowMs: now, desired: r.replicas, current, recommendations: recs, behavior });
      recommendations.set(key, [...recs, { atMs: now, replicas: r.replicas }]);
      const limited = limitByBehavior({ desired: stable.replicas, current, minReplicas: min, maxReplicas: max, upEvents: upEvents.get(key) ?? [], downEvents: downEvents.get(key) ?? [], behavior, nowMs: now });
      const isLimited = limited.replicas !== stable.replicas;
      conditions = setCondition(conditions, { type: "AbleToScale", status: "True", reason: stable.replicas !== r.replicas ? stable.reason : "ReadyForNewScale", message: stable.replicas !== r.replicas ? stable.message : "recommended size matches current size" }, nowIso());
      conditions = setCondition(conditions, { type: "ScalingLimited", status: isLimited ? "True" : "False", reason: limited.reason, message: limited.message }, nowIso());
      desired = limited.replicas;
      reason = desired > current ? `${r.metricName} above target` : "All metrics below target";
    }
    rescale &&= desired !== current;
    let lastScaleTime = base.lastScaleTime;
    if (rescale) {
      try {
        await scales.update(namespace!, gvr, { ...scale, spec: { ...scale.spec, replicas: desired } });
      } catch (err) {
        const msg = (err as Error).message;
        recorder.event(hpa, "Warning", "FailedRescale", `New size: ${desired}; reason: ${reason}; error: ${msg}`);
        conditions = setCondition(conditions, { type: "AbleToScale", status: "False", reason: "FailedUpdateScale", message: `the HPA controller was unable to update the target scale: ${msg}` }, nowIso());
        await writeStatus(hpa, { ...base, currentReplicas: current, conditions });
        throw err;
      }
      conditions = setCondition(conditions, { type: "AbleToScale", status: "True", reason: "SucceededRescale", message: `the HPA controller was able to update the target scale to ${desired}` }, nowIso());
      recorder.event(hpa, "Normal", "SuccessfulRescale", `New size: ${desired}; reason: ${reason}`);
      const events = desired > current ? upEvents : downEvents;
      events.set(key, [...(events.get(key) ?? []).filter((e) => e.atMs > clock.now() - 30 * 60_000), { atMs: clock.now(), change: Math.abs(desired - current) }]);
      lastScaleTime = nowIso();
    }
    await writeStatus(hpa, { ...base, lastScaleTime, currentReplicas: current, desiredReplicas: desired, ...(currentMetrics ? { currentMetrics } : {}), conditions });
  }

  return {
    name: HPA_CONTROLLER,
    async run(signal, workers) {
      if (!(await ctx.informers.waitForCacheSync(signal))) return;
      await runController({ name: "horizontal-pod-autoscaler", queue, workers, signal, sync, ...runnerLogs(ctx) });
    },
  };
}
