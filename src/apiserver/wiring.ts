/**
 * Connects the schema-driven services (OpenAPI documents, unknown-field
 * detection, patch algorithms, managed fields) to the registry.
 */
import type { ResourceDefinition } from "../api/types.js";
import type { Clock } from "../util/clock.js";
import type { PatchEngine } from "./handlers/patch.js";
import { applyObject, updateManagedFields } from "./apply/index.js";
import { createOpenApiService, loadDefinitions } from "./openapi/index.js";
import { applyJsonPatch, applyMergePatch, applyStrategicMergePatch, PatchError, schemaFromOpenApiDefinitions, toApiError, type JsonObject, type JsonValue } from "./patch/index.js";
import type { ManagedFieldsUpdater, UnknownFieldFinder } from "./registry/types.js";
import type { OpenApiEndpoints } from "./server.js";
import { SKIFF_GIT_VERSION } from "./version.js";

export interface SchemaServices {
  openapi?: OpenApiEndpoints;
  unknownFields?: UnknownFieldFinder;
  managedFields?: ManagedFieldsUpdater;
  patch?: PatchEngine;
}

export async function schemaServices(resources: ResourceDefinition[], _clock: Clock): Promise<SchemaServices> {
  const openapi = createOpenApiService(resources, { version: SKIFF_GIT_VERSION });
  const index = openapi.schemaIndex;
  const patchSchema = schemaFromOpenApiDefinitions(loadDefinitions().file.definitions as Record<string, unknown>);
  const byDefinition = new Map(resources.map((r) => [r.schema, r]));
  // Upstream's reset fields: the main endpoint never comes to own status.
  const ignored = (definition: string, subresource: string | undefined) => (subresource === undefined && byDefinition.get(definition)?.hasStatus ? [["status"]] : []);
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
    apply: (live, applied, o) =>
      applyObject(live as JsonObject | undefined, applied as JsonObject, { manager: o.manager, force: o.force, schema: patchSchema, definition: o.definition, now: o.now, subresource: o.subresource, ignoredFields: ignored(o.definition, o.subresource) }) as never,
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
  };
}
