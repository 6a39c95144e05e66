/** autoscaling/v2 defaulting, as upstream's SetDefaults_HorizontalPodAutoscaler. */
import type { HorizontalPodAutoscaler, HPAScalingRules } from "kubernetes-types/autoscaling/v2.js";
import type { KubeObject } from "../types.js";

export type HPAObject = HorizontalPodAutoscaler & KubeObject;

/** The CPU target an HPA without metrics gets. */
export const DEFAULT_CPU_UTILIZATION = 80;

export function scaleUpRules(): HPAScalingRules {
  return {
    stabilizationWindowSeconds: 0,
    selectPolicy: "Max",
    policies: [
      { type: "Pods", value: 4, periodSeconds: 15 },
      { type: "Percent", value: 100, periodSeconds: 15 },
    ],
  };
}

export function scaleDownRules(): HPAScalingRules {
  return {
    stabilizationWindowSeconds: 300,
    selectPolicy: "Max",
    policies: [{ type: "Percent", value: 100, periodSeconds: 15 }],
  };
}

/** Fills what the user left out of a rule set from the default rules. */
function fillRules(rules: HPAScalingRules | undefined, defaults: HPAScalingRules): HPAScalingRules {
  if (!rules) return defaults;
  if (rules.stabilizationWindowSeconds === undefined) rules.stabilizationWindowSeconds = defaults.stabilizationWindowSeconds;
  if (rules.selectPolicy === undefined) rules.selectPolicy = defaults.selectPolicy;
  if (rules.policies === undefined) rules.policies = defaults.policies;
  return rules;
}

export function defaultHPA(hpa: HPAObject): void {
  const spec = (hpa.spec ??= { maxReplicas: 0, scaleTargetRef: { kind: "", name: "" } });
  if (spec.minReplicas === undefined) spec.minReplicas = 1;
  if (!spec.metrics || spec.metrics.length === 0) {
    spec.metrics = [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: DEFAULT_CPU_UTILIZATION } } }];
  }
  // Behavior is defaulted only when the user gave one; otherwise the controller applies the same rules.
  if (spec.behavior) {
    spec.behavior.scaleUp = fillRules(spec.behavior.scaleUp, scaleUpRules());
    spec.behavior.scaleDown = fillRules(spec.behavior.scaleDown, scaleDownRules());
  }
}
