/**
 * The pod subresources served by the API server itself: binding (the
 * scheduler's assignment to a node), eviction (a delete that will respect
 * disruption budgets). Those the kubelet serves are in pod-connect.ts.
 */
import type { Pod, PodObject } from "./pod-types.js";
import { evict } from "./eviction.js";
import { badRequest, conflict } from "../errors.js";
import { rfc3339 } from "../printers.js";
import type { SubresourceSpec } from "../types.js";
import { fieldErrors, invalid, path, type FieldError } from "../validation/field.js";

interface BindingBody {
  metadata?: { name?: string; uid?: string; resourceVersion?: string; annotations?: Record<string, string> };
  target?: { kind?: string; name?: string };
}

const PODS_BINDING = { group: "", resource: "pods/binding" };

/** A metav1.Status of success, which binding and eviction answer with. */
export function successStatus(code: number): Record<string, unknown> {
  return { kind: "Status", apiVersion: "v1", metadata: {}, status: "Success", code };
}

function validateBinding(b: BindingBody): FieldError[] {
  const errs: FieldError[] = [];
  if (b.target?.kind && b.target.kind !== "Node") errs.push(fieldErrors.notSupported(path("target", "kind"), b.target.kind, ["Node", "<empty>"]));
  if (!b.target?.name) errs.push(fieldErrors.required(path("target", "name")));
  return errs;
}

/** Marks the pod scheduled, keeping the transition time when it already was. */
function setScheduled(pod: PodObject, now: number): void {
  const status = (pod.status ??= {});
  const conditions = (status.conditions ??= []);
  const existing = conditions.find((c) => c.type === "PodScheduled");
  if (!existing) conditions.push({ type: "PodScheduled", status: "True", lastTransitionTime: rfc3339(now) });
  else if (existing.status !== "True") Object.assign(existing, { status: "True", lastTransitionTime: rfc3339(now), reason: undefined, message: undefined });
}

export const bindingSubresource: SubresourceSpec = {
  kind: "Binding",
  verbs: ["create"],
  async handler(req, registry) {
    const body = (req.body ?? {}) as BindingBody;
    if (body.metadata?.name && body.metadata.name !== req.name) throw badRequest("name in URL does not match name in Binding object");
    const errs = validateBinding(body);
    if (errs.length) throw invalid({ group: "", kind: "Binding" }, req.name, errs);
    const node = body.target!.name!;
    await registry.update(
      req.namespace,
      req.name,
      (obj) => {
        const pod = obj as PodObject;
        const why = (msg: string) => conflict(PODS_BINDING, req.name, msg);
        if (body.metadata?.uid && body.metadata.uid !== pod.metadata.uid) {
          throw why(`Precondition failed: UID in precondition: ${body.metadata.uid}, UID in object meta: ${pod.metadata.uid ?? ""}`);
        }
        if (body.metadata?.resourceVersion && body.metadata.resourceVersion !== pod.metadata.resourceVersion) {
          throw why(`Precondition failed: ResourceVersion in precondition: ${body.metadata.resourceVersion}, ResourceVersion in object meta: ${pod.metadata.resourceVersion ?? ""}`);
        }
        if (pod.metadata.deletionTimestamp) throw why(`pod ${req.name} is being deleted, cannot be assigned to a host`);
        if (pod.spec?.nodeName) throw why(`pod ${req.name} is already assigned to node ${JSON.stringify(pod.spec.nodeName)}`);
        if (pod.spec?.schedulingGates?.length) throw why(`pod ${req.name} has non-empty .spec.schedulingGates`);
        pod.spec!.nodeName = node;
        if (body.metadata?.annotations) pod.metadata.annotations = { ...(pod.metadata.annotations ?? {}), ...body.metadata.annotations };
        if (pod.status?.nominatedNodeName) delete pod.status.nominatedNodeName;
        setScheduled(pod, req.ctx.now);
        return pod;
      },
      req.ctx,
    );
    return successStatus(201);
  },
};

export const evictionSubresource: SubresourceSpec = {
  kind: "Eviction",
  group: "policy",
  version: "v1",
  verbs: ["create"],
  async handler(req, registry) {
    await evict(req, registry);
    return successStatus(201);
  },
};

/** Upstream's validateContainer for log requests: the container named, or the only one. */
export function logContainer(pod: Pod, requested: string | null): string {
  const name = pod.metadata?.name ?? "";
  const spec = pod.spec ?? { containers: [] };
  if (!requested) {
    const containers = spec.containers ?? [];
    if (containers.length === 1) return containers[0].name;
    if (containers.length === 0) throw badRequest(`a container name must be specified for pod ${name}`);
    let msg = `a container name must be specified for pod ${name}, choose one of: [${containers.map((c) => c.name).join(" ")}]`;
    if (spec.initContainers?.length) msg += ` or one of the init containers: [${spec.initContainers.map((c) => c.name).join(" ")}]`;
    if (spec.ephemeralContainers?.length) msg += ` or one of the ephemeral containers: [${spec.ephemeralContainers.map((c) => c.name).join(" ")}]`;
    throw badRequest(msg);
  }
  const all = [...(spec.containers ?? []), ...(spec.initContainers ?? []), ...(spec.ephemeralContainers ?? [])];
  if (!all.some((c) => c.name === requested)) throw badRequest(`container ${requested} is not valid for pod ${name}`);
  return requested;
}
