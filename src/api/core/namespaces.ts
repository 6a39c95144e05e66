import type { Namespace } from "kubernetes-types/core/v1.js";
import type { KubeObject, ResourceDefinition, SubresourceHandler } from "../types.js";
import { ageColumn } from "../printers.js";
import { badRequest } from "../errors.js";
import { fieldErrors, invalid, type FieldError } from "../validation/field.js";
import { isQualifiedName, nameIsDNSLabel } from "../validation/names.js";

export type NamespaceObject = Namespace & KubeObject;

/** The finalizer the namespace controller removes once the namespace is empty. */
export const NAMESPACE_FINALIZER = "kubernetes";
const standardFinalizers = new Set([NAMESPACE_FINALIZER, "orphan", "foregroundDeletion"]);

/** Upstream's validateFinalizerName: qualified, and standard when unprefixed. */
export function finalizerNameErrors(name: string, p: string): FieldError[] {
  const errs = isQualifiedName(name).map((m) => fieldErrors.invalid(p, name, m));
  if (errs.length === 0 && !name.includes("/") && !standardFinalizers.has(name)) {
    errs.push(fieldErrors.invalid(p, name, "name is neither a standard finalizer name nor is it fully qualified"));
  }
  return errs;
}

function validateSpecFinalizers(ns: NamespaceObject): FieldError[] {
  return (ns.spec?.finalizers ?? []).flatMap((f, i) => finalizerNameErrors(f, `spec.finalizers[${i}]`));
}

function validateStatusPhase(ns: NamespaceObject): FieldError[] {
  const phase = ns.status?.phase;
  if (!ns.metadata.deletionTimestamp) {
    if (phase !== "Active") return [fieldErrors.invalid("status.Phase", phase ?? "", "may only be 'Active' if `deletionTimestamp` is empty")];
  } else if (phase !== "Terminating") {
    return [fieldErrors.invalid("status.Phase", phase ?? "", "may only be 'Terminating' if `deletionTimestamp` is not empty")];
  }
  return [];
}

/**
 * PUT namespaces/{name}/finalize: replaces spec.finalizers and nothing else,
 * as the namespace controller does once a namespace's content is gone.
 */
const finalize: SubresourceHandler = async (req, registry) => {
  if (req.verb !== "update") throw badRequest(`the server does not allow this method on the requested resource`);
  const body = req.body as Partial<NamespaceObject> | undefined;
  if (!body || typeof body !== "object") throw badRequest("a Namespace body is required");
  const finalizers = body.spec?.finalizers ?? [];
  const errs = finalizers.flatMap((f, i) => finalizerNameErrors(f, `spec.finalizers[${i}]`));
  if (errs.length) throw invalid({ group: "", kind: "Namespace" }, req.name, errs);
  return registry.update(undefined, req.name, (obj) => {
    const ns = structuredClone(obj) as NamespaceObject;
    ns.spec = { ...(ns.spec ?? {}), finalizers: [...finalizers] };
    if (finalizers.length === 0) delete ns.spec.finalizers;
    return ns;
  }, req.ctx);
};

export const namespaces: ResourceDefinition<NamespaceObject> = {
  group: "",
  version: "v1",
  kind: "Namespace",
  plural: "namespaces",
  singular: "namespace",
  namespaced: false,
  shortNames: ["ns"],
  schema: "io.k8s.api.core.v1.Namespace",
  hasStatus: true,
  tracksGeneration: false,
  subresources: { finalize: { kind: "Namespace", verbs: ["update"], handler: finalize } },
  validateName: nameIsDNSLabel,
  defaults(ns) {
    // The immutable name label lets namespace selectors pick a namespace by name.
    if (ns.metadata.name) ns.metadata.labels = { ...(ns.metadata.labels ?? {}), "kubernetes.io/metadata.name": ns.metadata.name };
    if (!ns.status?.phase) ns.status = { ...(ns.status ?? {}), phase: "Active" };
  },
  prepareForCreate(ns) {
    ns.status = { phase: "Active" };
    const finalizers = ns.spec?.finalizers ?? [];
    if (!finalizers.includes(NAMESPACE_FINALIZER)) ns.spec = { ...(ns.spec ?? {}), finalizers: [...finalizers, NAMESPACE_FINALIZER] };
  },
  prepareForUpdate(ns, old) {
    // Finalizers change only through /finalize, phase only through /status.
    ns.spec = { ...(ns.spec ?? {}) };
    if (old.spec?.finalizers) ns.spec.finalizers = [...old.spec.finalizers];
    else delete ns.spec.finalizers;
    ns.status = structuredClone(old.status);
  },
  prepareForStatusUpdate(ns, old) {
    ns.spec = structuredClone(old.spec);
  },
  validate: (ns) => validateSpecFinalizers(ns),
  validateUpdate: (ns) => validateSpecFinalizers(ns),
  validateStatusUpdate: (ns) => validateStatusPhase(ns),
  beforeDelete(ns) {
    const out = structuredClone(ns);
    out.status = { ...(out.status ?? {}), phase: "Terminating" };
    return out;
  },
  isFinalized: (ns) => (ns.metadata.finalizers ?? []).length === 0 && (ns.spec?.finalizers ?? []).length === 0,
  columns: [
    { name: "Status", type: "string", description: "The status of the namespace", cell: (ns) => ns.status?.phase ?? "" },
    ageColumn(),
  ],
  selectableFields: (ns) => ({ "status.phase": ns.status?.phase ?? "", name: ns.metadata.name ?? "" }),
};
