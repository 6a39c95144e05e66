/**
 * DefaultTolerationSeconds admission (upstream's
 * plugin/pkg/admission/defaulttolerationseconds): a new pod tolerates the
 * not-ready and unreachable NoExecute taints for 300 seconds unless it
 * already tolerates them, so pods move off a failed node after five minutes.
 */
import type { Toleration } from "kubernetes-types/core/v1.js";
import { arrayField, isRecord, objectField } from "./shape.js";
import type { AdmissionAttributes, AdmissionPlugin } from "./types.js";

export const NOT_READY_TAINT = "node.kubernetes.io/not-ready";
export const UNREACHABLE_TAINT = "node.kubernetes.io/unreachable";
const DEFAULT_TOLERATION_SECONDS = 300;

/** Whether an existing toleration already covers NoExecute taints with this key. */
function toleratesNoExecute(tolerations: Toleration[], key: string): boolean {
  return tolerations.some((t) => (!t.effect || t.effect === "NoExecute") && (t.key === key || (!t.key && t.operator === "Exists")));
}

type WithObject = AdmissionAttributes & { object: NonNullable<AdmissionAttributes["object"]> };
const handles = (a: AdmissionAttributes): a is WithObject => a.operation === "CREATE" && !a.subresource && a.resource.group === "" && a.resource.resource === "pods" && !!a.object;

export function createDefaultTolerationSecondsAdmission(): AdmissionPlugin {
  return {
    name: "DefaultTolerationSeconds",
    handles,
    async admit(a) {
      if (!handles(a)) return;
      const tolerations = arrayField(objectField(a.object, "spec"), "tolerations") as Toleration[] | undefined;
      if (!tolerations?.every(isRecord)) return;
      for (const key of [NOT_READY_TAINT, UNREACHABLE_TAINT]) {
        if (!toleratesNoExecute(tolerations, key)) tolerations.push({ key, operator: "Exists", effect: "NoExecute", tolerationSeconds: DEFAULT_TOLERATION_SECONDS });
      }
    },
  };
}
