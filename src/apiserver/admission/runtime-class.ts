/**
 * RuntimeClass admission (upstream's plugin/pkg/admission/runtimeclass):
 * a new pod naming a RuntimeClass gets its overhead (spec.overhead) and its
 * scheduling constraints (node selector and tolerations merged into the
 * pod's); a class that does not exist, an overhead that differs from the
 * class's, or a conflicting node selector refuses the pod.
 */
import type { Pod, Toleration } from "kubernetes-types/core/v1.js";
import type { RuntimeClass } from "kubernetes-types/node/v1.js";
import { forbidden } from "../../api/errors.js";
import { tryParseQuantity } from "../../api/validation/core-quantity.js";
import { wellShaped } from "./shape.js";
import type { AdmissionAttributes, AdmissionLookup, AdmissionPlugin } from "./types.js";

/** Semantic equality of resource lists: same names, equal quantities ("1" equals "1000m"). */
function sameResources(a: Record<string, unknown> | undefined, b: Record<string, unknown> | undefined): boolean {
  const ka = Object.keys(a ?? {});
  if (a === undefined || b === undefined) return a === b;
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => {
    const x = tryParseQuantity(a[k]);
    const y = tryParseQuantity(b[k]);
    return x !== undefined && y !== undefined && x.cmp(y) === 0;
  });
}

const sameToleration = (x: Toleration, y: Toleration) => x.key === y.key && x.operator === y.operator && x.value === y.value && x.effect === y.effect && x.tolerationSeconds === y.tolerationSeconds;

export function createRuntimeClassAdmission(lookup: AdmissionLookup): AdmissionPlugin {
  const applies = (a: AdmissionAttributes) =>
    a.operation === "CREATE" && !a.subresource && a.resource.group === "" && a.resource.resource === "pods" && wellShaped(a.object?.spec, ["tolerations"], ["nodeSelector", "overhead"]);
  const classOf = async (a: AdmissionAttributes): Promise<RuntimeClass | undefined> => {
    const name = (a.object as Pod).spec?.runtimeClassName;
    // A name of the wrong type is validation's to refuse.
    if (!name || typeof name !== "string") return undefined;
    const rc = (await lookup.get("node.k8s.io", "runtimeclasses", undefined, name)) as RuntimeClass | undefined;
    if (!rc) throw forbidden(a.resource, a.name, `pod rejected: RuntimeClass "${name}" not found`);
    return rc;
  };
  const overheadMismatch = (a: AdmissionAttributes) => forbidden(a.resource, a.name, "pod rejected: Pod's Overhead doesn't match RuntimeClass's defined Overhead");
  return {
    name: "RuntimeClass",
    handles: applies,
    async admit(a) {
      if (!applies(a)) return;
      const rc = await classOf(a);
      if (!rc) return;
      const spec = ((a.object as Pod).spec ??= { containers: [] });
      const podFixed = rc.overhead?.podFixed as Record<string, unknown> | undefined;
      if (podFixed) {
        if (spec.overhead && !sameResources(podFixed, spec.overhead as Record<string, unknown>)) throw overheadMismatch(a);
        spec.overhead = structuredClone(podFixed) as typeof spec.overhead;
      }
      const scheduling = rc.scheduling;
      if (!scheduling) return;
      const selector = { ...(spec.nodeSelector ?? {}) };
      for (const [k, v] of Object.entries(scheduling.nodeSelector ?? {})) {
        if (selector[k] !== undefined && selector[k] !== v) throw forbidden(a.resource, a.name, `conflict: runtimeClass.scheduling.nodeSelector[${k}] = ${v}; pod.spec.nodeSelector[${k}] = ${selector[k]}`);
        selector[k] = v;
      }
      if (Object.keys(selector).length) spec.nodeSelector = selector;
      const tolerations = [...(spec.tolerations ?? [])];
      for (const t of scheduling.tolerations ?? []) if (!tolerations.some((x) => sameToleration(x, t))) tolerations.push({ ...t });
      if (tolerations.length) spec.tolerations = tolerations;
    },
    async validate(a) {
      if (!applies(a)) return;
      const rc = await classOf(a);
      const overhead = (a.object as Pod).spec?.overhead as Record<string, unknown> | undefined;
      const podFixed = rc?.overhead?.podFixed as Record<string, unknown> | undefined;
      if (podFixed) {
        if (!sameResources(podFixed, overhead)) throw overheadMismatch(a);
      } else if (overhead) {
        throw forbidden(a.resource, a.name, "pod rejected: Pod Overhead set without corresponding RuntimeClass defined Overhead");
      }
    },
  };
}
