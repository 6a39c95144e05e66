/**
 * The scale subresource: an autoscaling/v1 Scale view of a workload's
 * replicas. Writes change only spec.replicas of the parent.
 */
import { canonicalObject } from "../encoding/canonical.js";
import { ApiError, badRequest, conflict, methodNotAllowed } from "../../api/errors.js";
import type { KubeObject } from "../../api/types.js";
import { formatLabelSelector } from "../../api/validation/label-selector.js";
import type { ApiRequest, ApiResponse } from "../http/types.js";
import type { ResourceRegistry } from "../registry/registry.js";
import type { ResourceRequestInfo } from "../request-info.js";
import { getPath, setPath } from "../registry/json.js";
import { fieldErrors, invalid } from "../../api/validation/field.js";
import { mediaType, parseBody } from "./body.js";
import { warningHeaders } from "./encode.js";
import { writeOptions } from "./options.js";

export function toScale(reg: ResourceRegistry, obj: KubeObject): KubeObject {
  const spec = reg.def.scale!;
  const sel = spec.labelSelectorPath ? getPath(obj, spec.labelSelectorPath) : undefined;
  // A LabelSelector, or a plain label map (a ReplicationController's spec.selector).
  const asSelector = (o: object) => ("matchLabels" in o || "matchExpressions" in o ? o : { matchLabels: o });
  const selector = typeof sel === "string" ? sel : sel && typeof sel === "object" ? formatLabelSelector(asSelector(sel) as never) : undefined;
  const m = obj.metadata;
  return {
    kind: "Scale",
    apiVersion: "autoscaling/v1",
    metadata: { name: m.name, namespace: m.namespace, uid: m.uid, resourceVersion: m.resourceVersion, creationTimestamp: m.creationTimestamp },
    spec: { replicas: Number(getPath(obj, spec.specReplicasPath) ?? 0) },
    status: { replicas: Number(getPath(obj, spec.statusReplicasPath) ?? 0), ...(selector ? { selector } : {}) },
  };
}

export async function handleScale(reg: ResourceRegistry, ns: string | undefined, name: string, info: ResourceRequestInfo, req: ApiRequest, _now: number): Promise<ApiResponse> {
  const json = (status: number, v: unknown, h: Record<string, string | string[]> = {}): ApiResponse => ({ status, headers: { "content-type": "application/json", ...h }, body: `${JSON.stringify(canonicalObject(v as object))}\n` });
  if (info.verb === "get") return json(200, toScale(reg, await reg.get(ns, name)));
  if (info.verb !== "update" && info.verb !== "patch") throw methodNotAllowed();
  const opts = writeOptions(req.query, req.headers, req.user, "update");
  const res = await reg.mutate(
    ns,
    name,
    (current) => {
      const scale = toScale(reg, current);
      let desired: KubeObject;
      if (info.verb === "update") {
        desired = parseBody(req.body, req.headers["content-type"]) as KubeObject;
      } else {
        const type = mediaType(req.headers["content-type"]);
        const patch = parseBody(req.body, type === "application/apply-patch+yaml" ? type : "application/json");
        const engine = reg.deps.patch!;
        desired = (type === "application/json-patch+json" ? engine.jsonPatch(scale, patch as unknown[]) : engine.mergePatch(scale, patch)) as KubeObject;
      }
      if (!desired || typeof desired !== "object") throw badRequest("invalid Scale body");
      const replicas = (desired.spec as { replicas?: unknown } | undefined)?.replicas;
      if (typeof replicas !== "number" || !Number.isInteger(replicas) || replicas < 0) {
        throw invalid({ group: "autoscaling", kind: "Scale" }, name, [fieldErrors.invalid("spec.replicas", replicas ?? null, "must be greater than or equal to 0")]);
      }
      const rv = desired.metadata?.resourceVersion;
      if (rv && rv !== current.metadata.resourceVersion) throw conflict({ group: reg.def.group, resource: `${reg.def.plural}` }, name);
      if (desired.metadata?.uid && desired.metadata.uid !== current.metadata.uid) {
        throw new ApiError(409, "Conflict", `Operation cannot be fulfilled on ${reg.def.plural}${reg.def.group ? `.${reg.def.group}` : ""} "${name}": Precondition failed: UID in precondition: ${desired.metadata.uid}, UID in object meta: ${current.metadata.uid}`);
      }
      setPath(current as Record<string, unknown>, reg.def.scale!.specReplicasPath, replicas);
      return current;
    },
    { ...opts, subresource: "scale" },
  );
  return json(200, toScale(reg, res.object), warningHeaders(res.warnings));
}
