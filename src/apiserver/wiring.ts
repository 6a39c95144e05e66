/**
 * Connects the schema-driven services (OpenAPI documents, unknown-field
 * detection, patch algorithms, managed fields) to the registry.
 */
import type { ResourceDefinition } from "../api/types.js";
import type { Clock } from "../util/clock.js";
import type { PatchEngine } from "./handlers/patch.js";
import { createOpenApiService } from "./openapi/index.js";
import { applyJsonPatch, applyMergePatch, applyStrategicMergePatch, PatchError, toApiError, type JsonValue, type PatchSchema } from "./patch/index.js";
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
  const patchSchema: PatchSchema = { field: (definition, name) => (definition ? index.patchMeta(definition, name) : undefined) };
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
    apply: () => {
      throw new Error("server-side apply is not available yet");
    },
  };
  return {
    openapi,
    unknownFields: (def, obj) => index.findUnknownFields(def.schema, obj),
    patch,
  };
}
