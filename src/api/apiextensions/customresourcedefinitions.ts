/**
 * apiextensions.k8s.io/v1 CustomResourceDefinition: defaults, validation
 * and strategy as upstream's apiextensions-apiserver. Serving the custom
 * resources it defines is src/apiextensions' job.
 */
import { ApiError } from "../errors.js";
import { schemaDecodeError } from "../../apiextensions/schema/index.js";
import { rfc3339 } from "../printers.js";
import type { ResourceDefinition } from "../types.js";
import { CLEANUP_FINALIZER, CRD_GROUP, setCRDCondition, type CustomResourceDefinition } from "./crd-types.js";
import { validateCRDCreate, validateCRDStatus, validateCRDUpdate } from "./crd-validation.js";

/** Upstream's SetDefaults for v1 CRDs. */
function defaults(crd: CustomResourceDefinition): void {
  const spec = crd.spec;
  if (!spec || typeof spec !== "object") return;
  spec.names ??= {};
  if (!spec.names.singular && spec.names.kind) spec.names.singular = spec.names.kind.toLowerCase();
  if (!spec.names.listKind && spec.names.kind) spec.names.listKind = `${spec.names.kind}List`;
  spec.conversion ??= { strategy: "None" };
  const svc = spec.conversion.webhook?.clientConfig?.service;
  if (svc && svc.port === undefined) svc.port = 443;
  for (const v of spec.versions ?? []) {
    v.served ??= false;
    v.storage ??= false;
  }
}

/** A schema that is not a JSONSchemaProps fails to decode upstream: 400, before any validation. */
function refuseUndecodable(crd: CustomResourceDefinition): void {
  (crd.spec?.versions ?? []).forEach((v) => {
    const schema = v.schema?.openAPIV3Schema;
    if (schema === undefined) return;
    const err = schemaDecodeError(schema);
    if (err) {
      const located = err.replace("Go struct field JSONSchemaProps.", "Go struct field JSONSchemaProps.spec.versions.schema.openAPIV3Schema.");
      throw new ApiError(400, "BadRequest", `CustomResourceDefinition in version "v1" cannot be handled as a CustomResourceDefinition: ${located}`);
    }
  });
}

/** The storage version joins status.storedVersions when it is new (upstream's strategy). */
function recordStorageVersion(crd: CustomResourceDefinition): void {
  const storage = crd.spec?.versions?.find((v) => v.storage)?.name;
  if (!storage) return;
  crd.status ??= {};
  const stored = (crd.status.storedVersions ??= []);
  if (!stored.includes(storage)) stored.push(storage);
}

/** CRDs being updated (the registry validates them with validateUpdate only). */
const updating = new WeakSet<CustomResourceDefinition>();

export const customresourcedefinitions: ResourceDefinition<CustomResourceDefinition> = {
  group: CRD_GROUP,
  version: "v1",
  kind: "CustomResourceDefinition",
  plural: "customresourcedefinitions",
  singular: "customresourcedefinition",
  namespaced: false,
  shortNames: ["crd", "crds"],
  categories: ["api-extensions"],
  schema: "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition",
  hasStatus: true,
  tracksGeneration: true,
  anyQualifiedFinalizer: true,
  defaults,
  prepareForCreate(crd) {
    refuseUndecodable(crd);
    // As upstream: names are accepted later, by the naming controller (plural and kind are never omitted).
    crd.status = { acceptedNames: { plural: "", kind: "" }, storedVersions: [] };
    recordStorageVersion(crd);
  },
  prepareForUpdate(crd, old) {
    updating.add(crd);
    refuseUndecodable(crd);
    crd.status = structuredClone(old.status ?? {});
    recordStorageVersion(crd);
  },
  // On update the registry also runs validate; the whole check (approval included) is validateUpdate's then.
  validate: (crd) => (updating.has(crd) ? [] : validateCRDCreate(crd)),
  validateUpdate: (crd, old) => validateCRDUpdate(crd, old),
  validateStatusUpdate: (crd) => validateCRDStatus(crd),
  /**
   * The first delete starts the clean-up of the custom resources instead
   * (upstream's CRD REST Delete): the finalizer and the Terminating
   * condition go on; the finalizer controller removes the finalizer once
   * every custom resource is gone.
   */
  beforeDelete(crd, ctx) {
    if (crd.metadata.finalizers?.includes(CLEANUP_FINALIZER)) return undefined;
    const next = structuredClone(crd);
    next.metadata.finalizers = [...(next.metadata.finalizers ?? []), CLEANUP_FINALIZER];
    setCRDCondition(next, { type: "Terminating", status: "True", reason: "InstanceDeletionPending", message: "CustomResourceDefinition marked for deletion; CustomResource deletion will begin soon" }, rfc3339(ctx.now));
    return next;
  },
};
