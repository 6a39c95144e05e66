/**
 * Priority admission (upstream's plugin/pkg/admission/priority): a new pod
 * gets spec.priority and spec.preemptionPolicy from its PriorityClass, or
 * from the global default class when it names none (priority 0 without
 * one); a pod may not state a priority that differs. Updates keep the old
 * values. Only one PriorityClass may be the global default.
 */
import type { Pod } from "kubernetes-types/core/v1.js";
import type { PriorityClass } from "kubernetes-types/scheduling/v1.js";
import { forbidden } from "../../api/errors.js";
import { objectField } from "./shape.js";
import type { AdmissionLookup, AdmissionPlugin } from "./types.js";

/** PriorityClasses the API server always serves, should the stored objects be missing. */
const SYSTEM_PRIORITY_CLASSES: Record<string, number> = {
  "system-node-critical": 2000001000,
  "system-cluster-critical": 2000000000,
};
const PREEMPT_LOWER_PRIORITY = "PreemptLowerPriority";

/** The global default class: the lowest value among those marked, as upstream. */
async function defaultPriorityClass(lookup: AdmissionLookup): Promise<PriorityClass | undefined> {
  const classes = (await lookup.list("scheduling.k8s.io", "priorityclasses", undefined)) as unknown as PriorityClass[];
  let best: PriorityClass | undefined;
  for (const pc of classes) if (pc.globalDefault && (!best || best.value > pc.value)) best = pc;
  return best;
}

export function createPriorityAdmission(lookup: AdmissionLookup): AdmissionPlugin {
  const isPods = (group: string, resource: string) => group === "" && resource === "pods";
  return {
    name: "Priority",
    // Pods are defaulted, PriorityClasses checked; nothing else is looked at.
    handles: (a) => !a.subresource && (isPods(a.resource.group, a.resource.resource) || (a.resource.group === "scheduling.k8s.io" && a.resource.resource === "priorityclasses")),
    async admit(a) {
      if (a.subresource || !isPods(a.resource.group, a.resource.resource) || !a.object) return;
      const spec = objectField(a.object, "spec") as Pod["spec"] | undefined;
      if (!spec || (spec.priorityClassName !== undefined && spec.priorityClassName !== null && typeof spec.priorityClassName !== "string")) return;
      if (a.operation === "UPDATE") {
        const old = (a.oldObject as Pod | undefined)?.spec;
        if (spec.priority === undefined && old?.priority !== undefined) spec.priority = old.priority;
        if (spec.preemptionPolicy === undefined && old?.preemptionPolicy !== undefined) spec.preemptionPolicy = old.preemptionPolicy;
        return;
      }
      if (a.operation !== "CREATE") return;
      const refuse = (why: string) => forbidden(a.resource, a.name, why);
      let priority = 0;
      let preemptionPolicy: string | undefined = PREEMPT_LOWER_PRIORITY;
      if (!spec.priorityClassName) {
        const pc = await defaultPriorityClass(lookup);
        if (pc) {
          spec.priorityClassName = pc.metadata?.name;
          priority = pc.value;
          preemptionPolicy = pc.preemptionPolicy;
        }
      } else {
        const pc = (await lookup.get("scheduling.k8s.io", "priorityclasses", undefined, spec.priorityClassName)) as unknown as PriorityClass | undefined;
        if (pc) {
          priority = pc.value;
          preemptionPolicy = pc.preemptionPolicy;
        } else if (spec.priorityClassName in SYSTEM_PRIORITY_CLASSES) {
          priority = SYSTEM_PRIORITY_CLASSES[spec.priorityClassName];
        } else {
          throw refuse(`no PriorityClass with name ${spec.priorityClassName} was found`);
        }
      }
      if (spec.priority !== undefined && spec.priority !== null && spec.priority !== priority) {
        throw refuse(`the integer value of priority (${spec.priority}) must not be provided in pod spec; priority admission controller computed ${priority} from the given PriorityClass name`);
      }
      spec.priority = priority;
      if (preemptionPolicy) {
        if (spec.preemptionPolicy && spec.preemptionPolicy !== preemptionPolicy) {
          throw refuse(`the string value of PreemptionPolicy (${spec.preemptionPolicy}) must not be provided in pod spec; priority admission controller computed ${preemptionPolicy} from the given PriorityClass name`);
        }
        spec.preemptionPolicy = preemptionPolicy;
      }
    },
    async validate(a) {
      if (a.subresource || a.resource.group !== "scheduling.k8s.io" || a.resource.resource !== "priorityclasses") return;
      if (a.operation !== "CREATE" && a.operation !== "UPDATE") return;
      const pc = a.object as unknown as PriorityClass | undefined;
      if (!pc?.globalDefault) return;
      const current = await defaultPriorityClass(lookup);
      if (current && (a.operation === "CREATE" || current.metadata?.name !== pc.metadata?.name)) {
        throw forbidden(a.resource, a.name, `PriorityClass ${current.metadata?.name} is already marked as default. Only one default can exist`);
      }
    },
  };
}
