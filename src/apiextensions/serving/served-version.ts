/**
 * One served version of a CustomResourceDefinition as a ResourceDefinition
 * the generic registry runs (upstream's crdHandler storage for a version):
 * prune, default and validate against the version's structural schema,
 * status and scale subresources, printer columns, selectable fields, and
 * storage shared by every version of the CRD (in the storage version).
 */
import { ApiError } from "../../api/errors.js";
import type { CRDVersion, CustomResourceDefinition } from "../../api/apiextensions/index.js";
import { isCRDConditionTrue, storageVersion } from "../../api/apiextensions/index.js";
import type { KubeObject, ResourceDefinition } from "../../api/types.js";
import type { Schema } from "../../apiserver/openapi/schema.js";
import { applyDefaults, compileSchema, prune, toOpenApiV2, toOpenApiV3, toPatchSchemaV2, validateObject } from "../schema/index.js";
import type { CustomResourceConverter } from "../conversion/types.js";
import { deepEqual } from "../../apiserver/registry/json.js";
import { printerColumns } from "./printer-columns.js";
import { findResults } from "./jsonpath.js";
import { storedDefaulter } from "./storage-defaults.js";

/** Patch types upstream accepts for custom resources: no strategic merge (there is no Go struct to carry its metadata). */
export const CUSTOM_RESOURCE_PATCH_TYPES = ["application/json-patch+json", "application/merge-patch+json", "application/apply-patch+yaml"];

const META = "io.k8s.apimachinery.pkg.apis.meta.v1";

/** Upstream's REST-friendly definition name: the group reversed, then version and kind ("com.example.stable.v1.CronTab"). */
export function definitionName(group: string, version: string, kind: string): string {
  return `${group.split(".").reverse().join(".")}.${version}.${kind}`;
}

export interface ServedVersion {
  def: ResourceDefinition;
  /** The kind's and list kind's definitions, by name, for /openapi/v2 and patch metadata. */
  v2: Record<string, Schema>;
  /** The same for /openapi/v3. */
  v3: Record<string, Schema>;
  /** The v2 form patch and apply read: not filtered for kubectl. */
  patch: Record<string, Schema>;
}

/** The names a CRD is served under: the accepted ones (the naming controller's), as upstream. */
function servedNames(crd: CustomResourceDefinition) {
  const n = crd.status?.acceptedNames ?? {};
  const kind = n.kind || crd.spec.names.kind || "";
  return { plural: n.plural || crd.spec.names.plural || "", singular: n.singular || crd.spec.names.singular || kind.toLowerCase(), kind, listKind: n.listKind || `${kind}List`, shortNames: n.shortNames, categories: n.categories };
}

/**
 * converter: the CRD's converter when conversion needs one (Webhook);
 * without, versions differ in apiVersion only (None).
 */
export function servedVersion(crd: CustomResourceDefinition, version: CRDVersion, converter?: CustomResourceConverter): ServedVersion {
  const { group } = crd.spec;
  const names = servedNames(crd);
  const schema = version.schema?.openAPIV3Schema ?? { type: "object", "x-kubernetes-preserve-unknown-fields": true };
  const compiled = compileSchema(schema);
  const name = definitionName(group, version.name, names.kind);
  const listName = definitionName(group, version.name, names.listKind);
  const storage = storageVersion(crd) ?? version.name;
  const terminating = isCRDConditionTrue(crd, "Terminating");
  const apiVersionOf = (v: string) => `${group}/${v}`;
  const hasStatus = !!version.subresources?.status;
  const scale = version.subresources?.scale;
  const selectable = (version.selectableFields ?? []).map((f) => f.jsonPath ?? "").filter(Boolean);
  // On update the registry runs validate and validateUpdate; the schema checks belong to validateUpdate then (ratcheting needs old).
  const updating = new WeakSet<KubeObject>();
  const defaultStored = storedDefaulter(crd);

  const def: ResourceDefinition = {
    group,
    version: version.name,
    kind: names.kind,
    listKind: names.listKind,
    plural: names.plural,
    singular: names.singular,
    namespaced: crd.spec.scope === "Namespaced",
    namespaceFieldLabel: crd.spec.scope === "Namespaced" ? undefined : false,
    shortNames: names.shortNames,
    categories: names.categories,
    schema: name,
    hasStatus,
    scale: scale ? { specReplicasPath: scale.specReplicasPath ?? "", statusReplicasPath: scale.statusReplicasPath ?? "", labelSelectorPath: scale.labelSelectorPath } : undefined,
    tracksGeneration: true,
    anyQualifiedFinalizer: true,
    patchTypes: CUSTOM_RESOURCE_PATCH_TYPES,
    deprecationWarning: version.deprecated ? (version.deprecationWarning ?? `${group}/${version.name} ${names.kind} is deprecated`) : undefined,
    unknownFields: (obj) => prune(compiled, obj),
    defaults: (obj) => applyDefaults(compiled, obj),
    prepareForCreate(obj) {
      if (terminating) throw new ApiError(405, "MethodNotAllowed", "create not allowed while custom resource definition is terminating");
      // With the status subresource, status is written through /status only (upstream's PrepareForCreate drops it).
      if (hasStatus) delete obj.status;
    },
    prepareForUpdate(obj, old) {
      updating.add(obj);
      // Without the status subresource status is content like spec: its change alone moves generation too.
      if (!hasStatus && !deepEqual(obj.status, old.status) && deepEqual(content(obj), content(old))) obj.metadata.generation = (old.metadata.generation ?? 0) + 1;
    },
    validate: (obj) => (updating.has(obj) ? [] : validateObject(compiled, obj)),
    validateUpdate: (obj, old) => validateObject(compiled, obj, old),
    validateStatusUpdate: (obj, old) => validateObject(compiled, obj, old),
    columns: printerColumns(version.additionalPrinterColumns),
    selectableFields: selectable.length ? (obj) => selectableValues(obj, selectable) : undefined,
    // Every version reads and writes the one stored form, in the storage version, defaulted on read.
    sharedStorage: converter
      ? { group, resource: names.plural, toStored: (obj) => obj, fromStored: defaultStored }
      : {
          group,
          resource: names.plural,
          // None conversion: only apiVersion differs.
          toStored: (obj) => ({ ...obj, apiVersion: apiVersionOf(storage) }),
          fromStored: (obj) => ({ ...defaultStored(obj), apiVersion: apiVersionOf(version.name) }),
        },
    conversion: converter && {
      fromStored: (objs) => converter.convert(objs, apiVersionOf(version.name)),
      toStored: async (obj) => (await converter.convert([obj], apiVersionOf(storage)))[0]!,
    },
  };
  const gvk = { group, version: version.name, kind: names.kind };
  const listGvk = { group, version: version.name, kind: names.listKind };
  return {
    def,
    v2: { [name]: toOpenApiV2(schema, gvk), [listName]: listSchema(name, names.kind, listGvk, "#/definitions/") },
    v3: { [name]: toOpenApiV3(schema, gvk), [listName]: listSchema(name, names.kind, listGvk, "#/components/schemas/") },
    patch: { [name]: toPatchSchemaV2(schema, gvk) },
  };
}


/** What generation tracks besides status: everything but metadata, apiVersion and kind. */
function content(obj: KubeObject): Record<string, unknown> {
  const { metadata: _m, status: _s, apiVersion: _a, kind: _k, ...rest } = obj;
  return rest;
}

/** Selectable field values: each path's value as a string ("" when absent), keyed without the leading dot. */
function selectableValues(obj: KubeObject, paths: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of paths) {
    const v = findResults(obj, p)[0];
    out[p.slice(1)] = v === undefined || v === null ? "" : typeof v === "string" ? v : String(v);
  }
  return out;
}

/** The list kind's schema, as upstream's builder publishes it. */
function listSchema(itemName: string, kind: string, gvk: { group: string; version: string; kind: string }, refPrefix: string): Schema {
  return {
    description: `${kind}List is a list of ${kind}`,
    type: "object",
    required: ["items"],
    properties: {
      apiVersion: { description: "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources", type: "string" },
      items: { description: `List of ${kind.toLowerCase()}s. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md`, type: "array", items: { $ref: `${refPrefix}${itemName}` } },
      kind: { description: "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds", type: "string" },
      metadata: { description: "Standard list metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata", allOf: [{ $ref: `${refPrefix}${META}.ListMeta` }] },
    },
    "x-kubernetes-group-version-kind": [gvk],
  };
}
