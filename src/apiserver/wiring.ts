/**
 * Connects the schema-driven services (OpenAPI documents, unknown-field
 * detection, patch algorithms, managed fields) to the registry.
 */
import type { KubeObject, ResourceDefinition } from "../api/types.js";
import type { Clock } from "../util/clock.js";
import type { PatchEngine } from "./handlers/patch.js";
import { applyObject, undeclaredFieldsError, updateManagedFields } from "./apply/index.js";
import { createOpenApiService, loadDefinitions } from "./openapi/index.js";
import { applyJsonPatch, applyMergePatch, applyStrategicMergePatch, PatchError, schemaFromOpenApiDefinitions, toApiError, type JsonObject, type JsonValue, type PatchSchema } from "./patch/index.js";
import type { Schema } from "./openapi/schema.js";
import type { ManagedFieldsUpdater, UnknownFieldFinder } from "./registry/types.js";
import type { OpenApiEndpoints } from "./server.js";
import { SKIFF_GIT_VERSION } from "./version.js";

export interface SchemaServices {
  openapi?: OpenApiEndpoints;
  unknownFields?: UnknownFieldFinder;
  managedFields?: ManagedFieldsUpdater;
  patch?: PatchEngine;
  /** The schemas of the custom resources served now (OpenAPI documents, patch and apply metadata follow). */
  customResources?: CustomResourceSchemas;
}

/** One served custom resource version: its definition and its schemas by definition name. */
export interface CustomResourceSchema {
  def: ResourceDefinition;
  v2: Record<string, Schema>;
  v3: Record<string, Schema>;
  /** The v2 form patch and apply read (not filtered for kubectl); v2 when absent. */
  patch?: Record<string, Schema>;
}

export interface CustomResourceSchemas {
  set(entries: CustomResourceSchema[]): void;
}

export async function schemaServices(resources: ResourceDefinition[], _clock: Clock): Promise<SchemaServices> {
  const openapi = createOpenApiService(resources, { version: SKIFF_GIT_VERSION });
  const index = openapi.schemaIndex;
  const builtinPatchSchema = schemaFromOpenApiDefinitions(loadDefinitions().file.definitions as Record<string, unknown>, { goTypes: true });
  // Custom resource kinds have their own table; nested names ("<kind>/spec") lead back to it.
  let customPatchSchemas = new Map<string, PatchSchema>();
  const schemaOf = (definition: string) => {
    if (customPatchSchemas.size === 0) return builtinPatchSchema;
    const slash = definition.indexOf("/");
    return customPatchSchemas.get(slash < 0 ? definition : definition.slice(0, slash)) ?? builtinPatchSchema;
  };
  const patchSchema: PatchSchema = {
    field: (definition, name) => (definition === undefined ? undefined : schemaOf(definition).field(definition, name)),
    mapType: (definition) => (definition === undefined ? undefined : schemaOf(definition).mapType?.(definition)),
    zero: (definition) => (definition === undefined ? undefined : schemaOf(definition).zero?.(definition)),
  };
  let byDefinition = new Map(resources.map((r) => [r.schema, r]));
  // Upstream's reset fields: the main endpoint never comes to own status.
  const ignored = (definition: string, subresource: string | undefined) => (subresource === undefined && byDefinition.get(definition)?.hasStatus ? [["status"]] : []);
  // Fields of an applied configuration its schema does not declare (a custom resource's pruning finds them on a copy).
  const undeclaredPaths = (definition: string, applied: KubeObject): string[] => {
    const own = byDefinition.get(definition)?.unknownFields;
    return own ? own(structuredClone(applied)) : index.findUnknownFields(definition, applied);
  };
  const guard = <T>(fn: () => T): T => {
    try {
      return fn();
    } catch (err) {
      if (err instanceof PatchError) throw toApiError(err);
      throw err;
    }
  };
  const patch: PatchEngine = {
    jsonPatch: (doc, ops) => guard(() => applyJsonPatch(doc as JsonValue, ops)),
    mergePatch: (doc, p) => guard(() => applyMergePatch(doc as JsonValue, p as JsonValue)),
    strategicMergePatch: (doc, p, definition) => guard(() => applyStrategicMergePatch(doc as JsonValue, p as JsonValue, patchSchema, definition)),
    apply: (live, applied, o) => {
      const undeclared = undeclaredFieldsError(applied as JsonObject, undeclaredPaths(o.definition, applied), patchSchema, o.definition);
      if (undeclared) throw undeclared;
      return applyObject(live as JsonObject | undefined, applied as JsonObject, { manager: o.manager, force: o.force, schema: patchSchema, definition: o.definition, now: o.now, subresource: o.subresource, ignoredFields: ignored(o.definition, o.subresource) }) as never;
    },
  };
  const managedFields: ManagedFieldsUpdater = (def, old, obj, manager, subresource, now) => {
    const out = updateManagedFields(old as JsonObject | undefined, obj as JsonObject, { operation: "Update", manager, schema: patchSchema, definition: def.schema, now, subresource, ignoredFields: ignored(def.schema, subresource) });
    const fields = (out.metadata as JsonObject | undefined)?.managedFields;
    if (fields === undefined) delete obj.metadata.managedFields;
    else obj.metadata.managedFields = fields as never;
  };
  return {
    openapi,
    unknownFields: (def, obj) => index.findUnknownFields(def.schema, obj),
    managedFields,
    patch,
    customResources: {
      set(entries) {
        openapi.setCustomResources(entries.map((e) => e.def), Object.assign({}, ...entries.map((e) => e.v2)), Object.assign({}, ...entries.map((e) => e.v3)));
        customPatchSchemas = new Map(entries.map((e) => [e.def.schema, schemaFromOpenApiDefinitions((e.patch ?? e.v2) as Record<string, unknown>)]));
        byDefinition = new Map([...resources.map((r) => [r.schema, r] as const), ...entries.map((e) => [e.def.schema, e.def] as const)]);
      },
    },
  };
}
