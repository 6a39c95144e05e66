/**
 * TaintNodesByCondition admission (upstream's plugin/pkg/admission/nodetaint):
 * a new Node starts with the node.kubernetes.io/not-ready:NoSchedule taint,
 * so nothing is scheduled on it before the node lifecycle controller has
 * seen it Ready and removed the taint.
 */
import type { Taint } from "kubernetes-types/core/v1.js";
import { arrayField, isRecord, objectField } from "./shape.js";
import type { AdmissionAttributes, AdmissionPlugin } from "./types.js";

const NOT_READY_NO_SCHEDULE = { key: "node.kubernetes.io/not-ready", effect: "NoSchedule" } as const;

type WithObject = AdmissionAttributes & { object: NonNullable<AdmissionAttributes["object"]> };
const handles = (a: AdmissionAttributes): a is WithObject => a.operation === "CREATE" && !a.subresource && a.resource.group === "" && a.resource.resource === "nodes" && !!a.object;

export function createTaintNodesByConditionAdmission(): AdmissionPlugin {
  return {
    name: "TaintNodesByCondition",
    handles,
    async admit(a) {
      if (!handles(a)) return;
      const taints = arrayField(objectField(a.object, "spec"), "taints") as Taint[] | undefined;
      if (!taints?.every(isRecord)) return;
      if (!taints.some((t) => t.key === NOT_READY_NO_SCHEDULE.key && t.effect === NOT_READY_NO_SCHEDULE.effect)) taints.push({ ...NOT_READY_NO_SCHEDULE });
    },
  };
}
