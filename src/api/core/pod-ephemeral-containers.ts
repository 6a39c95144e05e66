/**
 * pods/ephemeralcontainers: the pod, of which an update or patch may only
 * add ephemeral containers (upstream's podEphemeralContainersStrategy and
 * ValidatePodEphemeralContainersUpdate). `kubectl debug` patches it.
 */
import type { EphemeralContainer } from "kubernetes-types/core/v1.js";
import { methodNotAllowed } from "../errors.js";
import type { KubeObject, SubresourceSpec } from "../types.js";
import { fieldErrors, path, type FieldError } from "../validation/field.js";
import type { PodObject } from "./pod-types.js";
import { validatePodSpec } from "./pod-validation.js";

const MIRROR_POD_ANNOTATION = "kubernetes.io/config.mirror";

/** dropNonEphemeralContainerUpdates: the old pod with the new identity and ephemeral containers. */
export function keepEphemeralContainerChanges(next: KubeObject, old: KubeObject): KubeObject {
  const pod = structuredClone(old) as PodObject;
  pod.metadata = next.metadata;
  const spec = (pod.spec ??= { containers: [] });
  const wanted = (next as PodObject).spec?.ephemeralContainers;
  if (wanted?.length) spec.ephemeralContainers = wanted;
  else delete spec.ephemeralContainers;
  return pod;
}

const sameContainer = (a: EphemeralContainer, b: EphemeralContainer) => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === "object") return Object.fromEntries(Object.keys(v).sort().filter((k) => (v as Record<string, unknown>)[k] !== undefined).map((k) => [k, canonical((v as Record<string, unknown>)[k])]));
  return v;
}

export function validateEphemeralContainersUpdate(next: KubeObject, old: KubeObject): FieldError[] {
  if (old.metadata.annotations?.[MIRROR_POD_ANNOTATION] !== undefined) return [fieldErrors.forbidden("", "static pods do not support ephemeral containers")];
  const pod = next as PodObject;
  const errs = validatePodSpec(pod.spec, path("spec"));
  const specPath = path("spec", "ephemeralContainers");
  const byName = new Map((pod.spec?.ephemeralContainers ?? []).map((c) => [c.name, c]));
  for (const was of (old as PodObject).spec?.ephemeralContainers ?? []) {
    const now = byName.get(was.name);
    if (!now) errs.push(fieldErrors.forbidden(specPath, `existing ephemeral containers ${JSON.stringify(was.name)} may not be removed\n`));
    else if (!sameContainer(was, now)) errs.push(fieldErrors.forbidden(specPath.child(was.name), `existing ephemeral containers ${JSON.stringify(was.name)} may not be changed\n`));
  }
  return errs;
}

export const ephemeralContainersSubresource: SubresourceSpec = {
  kind: "Pod",
  verbs: ["get", "patch", "update"],
  handler: async () => {
    throw methodNotAllowed();
  },
  parentView: { prepareForUpdate: keepEphemeralContainerChanges, validateUpdate: validateEphemeralContainersUpdate },
};
