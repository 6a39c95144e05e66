/** Fixtures of the admission tests: a lookup over fixed objects, attributes for a write, and the refusal message. */
import assert from "node:assert/strict";
import { isApiError } from "../../../api/errors.js";
import type { KubeObject } from "../../../api/types.js";
import type { AdmissionAttributes, AdmissionLookup } from "../types.js";

/** Objects keyed "group/resource/namespace/name" (namespace empty for cluster-scoped ones). */
export function fakeLookup(objects: Record<string, unknown>): AdmissionLookup {
  return {
    get: async (group, resource, namespace, name) => structuredClone(objects[`${group}/${resource}/${namespace ?? ""}/${name}`]) as KubeObject | undefined,
    list: async (group, resource, namespace) =>
      Object.entries(objects)
        .filter(([k]) => k.startsWith(`${group}/${resource}/${namespace ?? ""}/`))
        .map(([, v]) => structuredClone(v) as KubeObject),
  };
}

export function attrs(group: string, resource: string, object: unknown, more: Partial<AdmissionAttributes> = {}): AdmissionAttributes {
  const obj = object as KubeObject | undefined;
  return { operation: "CREATE", resource: { group, resource }, kind: "", namespace: obj?.metadata?.namespace, name: obj?.metadata?.name ?? "", object: obj, dryRun: false, warnings: [], auditAnnotations: {}, ...more };
}

/** The message of the 403 the promise is refused with. */
export async function refusal(p: Promise<unknown>, reason: "Forbidden" | "Invalid" = "Forbidden"): Promise<string> {
  try {
    await p;
  } catch (err) {
    assert.ok(isApiError(err, reason), String(err));
    return err.message;
  }
  throw new Error("admitted");
}
