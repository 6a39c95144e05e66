/**
 * The HPA's arithmetic as pure functions (the behavior normalisation in
 * upstream's horizontal.go): stabilisation windows and scaling policies;
 * replicas from metrics are in resource-replicas.ts. Everything takes
 * time as milliseconds; nothing reads a clock.
 */

/** --horizontal-pod-autoscaler-tolerance. */
export const DEFAULT_TOLERANCE = 0.1;

export interface HPAScalingPolicy {
  type: "Pods" | "Percent";
  value: number;
  periodSeconds: number;
}

export interface HPAScalingRules {
  stabilizationWindowSeconds?: number;
  selectPolicy?: "Max" | "Min" | "Disabled";
  policies?: HPAScalingPolicy[];
}

export interface HPABehavior {
  scaleUp?: HPAScalingRules;
  scaleDown?: HPAScalingRules;
}

/** The API server's defaults for autoscaling/v2 behavior. */
export const DEFAULT_SCALE_UP: Required<HPAScalingRules> = {
  stabilizationWindowSeconds: 0,
  selectPolicy: "Max",
  policies: [
    { type: "Pods", value: 4, periodSeconds: 15 },
    { type: "Percent", value: 100, periodSeconds: 15 },
  ],
};
export const DEFAULT_SCALE_DOWN: Required<HPAScalingRules> = {
  stabilizationWindowSeconds: 300,
  selectPolicy: "Max",
  policies: [{ type: "Percent", value: 100, periodSeconds: 15 }],
};

export function withDefaults(b: HPABehavior | undefined): { scaleUp: Required<HPAScalingRules>; scaleDown: Required<HPAScalingRules> } {
  const fill = (r: HPAScalingRules | undefined, d: Required<HPAScalingRules>): Required<HPAScalingRules> => ({
    stabilizationWindowSeconds: r?.stabilizationWindowSeconds ?? d.stabilizationWindowSeconds,
    selectPolicy: r?.selectPolicy ?? d.selectPolicy,
    policies: r?.policies?.length ? r.policies : d.policies,
  });
  return { scaleUp: fill(b?.scaleUp, DEFAULT_SCALE_UP), scaleDown: fill(b?.scaleDown, DEFAULT_SCALE_DOWN) };
}

export interface Recommendation {
  atMs: number;
  replicas: number;
}

export interface ScaleEvent {
  atMs: number;
  /** Replicas added (scale up) or removed (scale down), positive. */
  change: number;
}

export interface LimitedResult {
  replicas: number;
  /** The ScalingLimited condition's reason and message. */
  reason: string;
  message: string;
}

/**
 * stabilizeRecommendationWithBehaviors: the current replicas moved no
 * further than the lowest recent recommendation (up) and the highest
 * (down) allow, within each direction's window.
 */
export function stabilize(args: { nowMs: number; desired: number; current: number; recommendations: readonly Recommendation[]; behavior: ReturnType<typeof withDefaults> }): { replicas: number; reason: string; message: string } {
  const upCutoff = args.nowMs - args.behavior.scaleUp.stabilizationWindowSeconds * 1000;
  const downCutoff = args.nowMs - args.behavior.scaleDown.stabilizationWindowSeconds * 1000;
  let up = args.desired;
  let down = args.desired;
  for (const r of args.recommendations) {
    if (r.atMs > upCutoff) up = Math.min(up, r.replicas);
    if (r.atMs > downCutoff) down = Math.max(down, r.replicas);
  }
  let replicas = args.current;
  if (replicas < up) replicas = up;
  if (replicas > down) replicas = down;
  if (replicas !== args.desired) {
    return replicas < args.desired
      ? { replicas, reason: "ScaleUpStabilized", message: "recent recommendations were lower than current one, applying the lowest recent recommendation" }
      : { replicas, reason: "ScaleDownStabilized", message: "recent recommendations were higher than current one, applying the highest recent recommendation" };
  }
  return { replicas, reason: "ScaleDownStabilized", message: "recent recommendations were higher than current one, applying the highest recent recommendation" };
}

function changeInPeriod(events: readonly ScaleEvent[], nowMs: number, periodSeconds: number): number {
  const cutoff = nowMs - periodSeconds * 1000;
  return events.filter((e) => e.atMs > cutoff).reduce((n, e) => n + e.change, 0);
}

/** calculateScaleUpLimitWithScalingRules. */
export function scaleUpLimit(current: number, upEvents: readonly ScaleEvent[], downEvents: readonly ScaleEvent[], rules: Required<HPAScalingRules>, nowMs: number): number {
  if (rules.selectPolicy === "Disabled") return current;
  let result = rules.selectPolicy === "Min" ? Infinity : -Infinity;
  for (const p of rules.policies) {
    const start = current - changeInPeriod(upEvents, nowMs, p.periodSeconds) + changeInPeriod(downEvents, nowMs, p.periodSeconds);
    const proposed = p.type === "Pods" ? start + p.value : Math.ceil(start * (1 + p.value / 100));
    result = rules.selectPolicy === "Min" ? Math.min(result, proposed) : Math.max(result, proposed);
  }
  return result;
}

/** calculateScaleDownLimitWithBehaviors. */
export function scaleDownLimit(current: number, upEvents: readonly ScaleEvent[], downEvents: readonly ScaleEvent[], rules: Required<HPAScalingRules>, nowMs: number): number {
  if (rules.selectPolicy === "Disabled") return current;
  let result = rules.selectPolicy === "Min" ? -Infinity : Infinity;
  for (const p of rules.policies) {
    const start = current + changeInPeriod(downEvents, nowMs, p.periodSeconds) - changeInPeriod(upEvents, nowMs, p.periodSeconds);
    const proposed = p.type === "Pods" ? start - p.value : Math.trunc(start * (1 - p.value / 100));
    result = rules.selectPolicy === "Min" ? Math.max(result, proposed) : Math.min(result, proposed);
  }
  return result;
}

/** convertDesiredReplicasWithBehaviorRate: the desired count within minReplicas, maxReplicas and the rate policies. */
export function limitByBehavior(args: { desired: number; current: number; minReplicas: number; maxReplicas: number; upEvents: readonly ScaleEvent[]; downEvents: readonly ScaleEvent[]; behavior: ReturnType<typeof withDefaults>; nowMs: number }): LimitedResult {
  const { desired, current } = args;
  if (desired > current) {
    const limit = Math.max(current, scaleUpLimit(current, args.upEvents, args.downEvents, args.behavior.scaleUp, args.nowMs));
    const byRate = args.maxReplicas > limit;
    const maximum = byRate ? limit : args.maxReplicas;
    const r = byRate
      ? { reason: "ScaleUpLimit", message: "the desired replica count is increasing faster than the maximum scale rate" }
      : { reason: "TooManyReplicas", message: "the desired replica count is more than the maximum replica count" };
    return { replicas: Math.min(desired, maximum), ...r };
  }
  if (desired < current) {
    const limit = Math.min(current, scaleDownLimit(current, args.upEvents, args.downEvents, args.behavior.scaleDown, args.nowMs));
    const byRate = args.minReplicas < limit;
    const minimum = byRate ? limit : args.minReplicas;
    const r = byRate
      ? { reason: "ScaleDownLimit", message: "the desired replica count is decreasing faster than the maximum scale rate" }
      : { reason: "TooFewReplicas", message: "the desired replica count is less than the minimum replica count" };
    return { replicas: Math.max(desired, minimum), ...r };
  }
  return { replicas: desired, reason: "DesiredWithinRange", message: "the desired count is within the acceptable range" };
}
