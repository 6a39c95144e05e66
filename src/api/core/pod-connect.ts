/**
 * The pod subresources served by the pod's kubelet (upstream's
 * pkg/registry/core/pod/rest: LogREST, ExecREST, AttachREST,
 * PortForwardREST) and nodes/proxy: each validates as upstream, finds the node and hands
 * the request to the kubelet through the server's KubeletConnector.
 *
 *   GET  pods/x/log?container=c&follow=true  ->  /containerLogs/ns/x/c?follow=true
 *   POST pods/x/exec?command=ls&stdout=true  ->  /exec/ns/x/c?command=ls&output=1
 */
import type { PodObject } from "./pod-types.js";
import { ApiError, badRequest } from "../errors.js";
import type { KubeObject, SubresourceRequest, SubresourceSpec } from "../types.js";
import { fieldErrors, invalid, type FieldError } from "../validation/field.js";
import { logContainer } from "./pod-subresources.js";

const POD_LOG = { group: "", resource: "pods/log" };

async function nodeOf(req: SubresourceRequest, pod: PodObject): Promise<KubeObject> {
  const nodeName = pod.spec?.nodeName;
  if (!nodeName) throw badRequest(`pod ${req.name} does not have a host assigned`);
  const node = await req.ctx.services.getObject("", "nodes", undefined, nodeName);
  if (!node) throw new ApiError(404, "NotFound", `nodes "${nodeName}" not found`, { name: nodeName, kind: "nodes" });
  return node;
}

function connector(req: SubresourceRequest) {
  const k = req.ctx.services.kubelet;
  if (!k || !req.http) throw new ApiError(503, "ServiceUnavailable", "the server has no connection to kubelets");
  return k;
}

function intParam(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name);
  if (v === null || v === "") return undefined;
  if (!/^-?\d+$/.test(v)) throw badRequest(`strconv.ParseInt: parsing ${JSON.stringify(v)}: invalid syntax`);
  return Number(v);
}

/** Upstream's ValidatePodLogOptions. */
function validateLogOptions(q: URLSearchParams): FieldError[] {
  const errs: FieldError[] = [];
  const tail = intParam(q, "tailLines");
  const limit = intParam(q, "limitBytes");
  const since = intParam(q, "sinceSeconds");
  if (tail !== undefined && tail < 0) errs.push(fieldErrors.invalid("tailLines", tail, "must be greater than or equal to 0"));
  if (limit !== undefined && limit < 1) errs.push(fieldErrors.invalid("limitBytes", limit, "must be greater than 0"));
  if (since !== undefined && q.get("sinceTime")) errs.push(fieldErrors.forbidden("", "at most one of `sinceTime` or `sinceSeconds` may be specified"));
  if (since !== undefined && since < 1) errs.push(fieldErrors.invalid("sinceSeconds", since, "must be greater than 0"));
  return errs;
}

const LOG_PARAMS = ["follow", "previous", "sinceSeconds", "sinceTime", "timestamps", "tailLines", "limitBytes"];

export const logSubresource: SubresourceSpec = {
  kind: "Pod",
  verbs: ["get"],
  connect: true,
  async handler(req, registry) {
    const pod = (await registry.get(req.namespace, req.name)) as PodObject;
    const container = logContainer(pod, req.query.get("container"));
    const errs = validateLogOptions(req.query);
    if (errs.length) throw invalid({ group: "", kind: "PodLogOptions" }, req.name, errs);
    // An unscheduled pod has no logs yet: upstream answers with an empty body.
    if (!pod.spec?.nodeName) return "";
    const node = await nodeOf(req, pod);
    const query = new URLSearchParams();
    for (const p of LOG_PARAMS) {
      const v = req.query.get(p);
      if (v !== null && v !== "" && v !== "false") query.set(p, v);
    }
    return connector(req).proxy(node, { path: `/containerLogs/${req.namespace}/${req.name}/${container}`, query, checkStatus: { ...POD_LOG, name: req.name } }, req.http!);
  },
};

/** exec and attach: the kubelet's parameter names (input, output, error, tty, command), as upstream's streamParams. */
function streamQuery(q: URLSearchParams, withCommand: boolean): URLSearchParams {
  const out = new URLSearchParams();
  const on = (name: string) => ["true", "1"].includes(q.get(name) ?? "");
  if (on("stdin")) out.set("input", "1");
  if (on("stdout")) out.set("output", "1");
  if (on("stderr")) out.set("error", "1");
  if (on("tty")) out.set("tty", "1");
  if (withCommand) for (const c of q.getAll("command")) out.append("command", c);
  return out;
}

function streamingSubresource(kind: "exec" | "attach", optionsKind: string): SubresourceSpec {
  return {
    kind: optionsKind,
    verbs: ["create", "get"],
    connect: true,
    async handler(req, registry) {
      const pod = (await registry.get(req.namespace, req.name)) as PodObject;
      const container = logContainer(pod, req.query.get("container"));
      if (kind === "exec" && req.query.getAll("command").length === 0) throw badRequest("you must specify at least 1 command");
      const node = await nodeOf(req, pod);
      if (!req.http?.upgrade) throw badRequest("Upgrade request required");
      return connector(req).proxy(node, { path: `/${kind}/${req.namespace}/${req.name}/${container}`, query: streamQuery(req.query, kind === "exec") }, req.http);
    },
  };
}

export const execSubresource = streamingSubresource("exec", "PodExecOptions");
export const attachSubresource = streamingSubresource("attach", "PodAttachOptions");

export const portForwardSubresource: SubresourceSpec = {
  kind: "PodPortForwardOptions",
  verbs: ["create", "get"],
  connect: true,
  async handler(req, registry) {
    const pod = (await registry.get(req.namespace, req.name)) as PodObject;
    const node = await nodeOf(req, pod);
    if (!req.http?.upgrade) throw badRequest("Upgrade request required");
    const query = new URLSearchParams();
    for (const p of [...req.query.getAll("ports"), ...req.query.getAll("port")]) query.append("port", p);
    return connector(req).proxy(node, { path: `/portForward/${req.namespace}/${req.name}`, query }, req.http);
  },
};

/** nodes/{name}/proxy/{path}: any request to the node's kubelet, answered as the kubelet answers. */
export const nodeProxySubresource: SubresourceSpec = {
  kind: "NodeProxyOptions",
  verbs: ["create", "delete", "get", "patch", "update"],
  connect: true,
  async handler(req, registry) {
    const { name, port } = splitNodeProxyName(req.name);
    const node = await registry.get(undefined, name);
    const query = new URLSearchParams(req.query);
    return connector(req).proxy(node, { path: `/${req.path ?? ""}`, query, port }, req.http!);
  },
};

/**
 * A node proxy names its target as upstream's SplitSchemeNamePort reads it:
 * "node-1", "node-1:10250" or "https:node-1:10250" (clients such as the e2e
 * framework name the kubelet's port this way).
 */
export function splitNodeProxyName(id: string): { name: string; port?: number } {
  const parts = id.split(":");
  const [name, portText] = parts.length === 3 && (parts[0] === "http" || parts[0] === "https") ? [parts[1], parts[2]] : parts.length <= 2 ? [parts[0], parts[1]] : [undefined, undefined];
  const port = portText === undefined || portText === "" ? undefined : Number(portText);
  if (!name || (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536))) throw badRequest(`invalid node request ${JSON.stringify(id)}`);
  return { name, port };
}
