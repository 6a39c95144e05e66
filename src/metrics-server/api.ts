/**
 * The HTTP API metrics-server serves (upstream's pkg/api plus the generic
 * server's paths): discovery for metrics.k8s.io/v1beta1, nodes and pods
 * (get, list with labelSelector and fieldSelector, JSON or Table), a small
 * OpenAPI, and /healthz, /livez, /readyz. Errors are Status objects.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { ApiError, forbidden, methodNotAllowed, notFound } from "../api/errors.js";
import type { KubeObject, UserInfo } from "../api/types.js";
import { parseFieldSelector } from "../apiserver/selection/fields.js";
import { parseLabelSelector } from "../apiserver/selection/labels.js";
import type { RequestAttributes } from "./authz.js";
import { GROUP, GROUP_VERSION, metricsTable, nodeMetrics, podMetrics, VERSION } from "./resources.js";
import type { MetricsStorage } from "./storage.js";
import { openApiV2, openApiV3Root, openApiV3GroupVersion } from "./openapi.js";

export interface ApiDeps {
  storage: MetricsStorage;
  nodes(): KubeObject[];
  pods(namespace?: string): (KubeObject & { status?: { phase?: string } })[];
  now(): number;
  authorize(user: UserInfo, a: RequestAttributes): Promise<{ allowed: boolean; reason: string }>;
}

/** /readyz before the first scrape is stored (upstream's metric-storage-ready check). */
export const READYZ_FAILED = "[+]ping ok\n[+]log ok\n[-]metric-storage-ready failed: reason withheld\nreadyz check failed\n";

const NODE_METRICS = { group: GROUP, resource: "nodemetrics" };
const POD_METRICS = { group: GROUP, resource: "podmetrics" };

const API_GROUP = { name: GROUP, versions: [{ groupVersion: GROUP_VERSION, version: VERSION }], preferredVersion: { groupVersion: GROUP_VERSION, version: VERSION } };
const RESOURCES = {
  kind: "APIResourceList",
  apiVersion: "v1",
  groupVersion: GROUP_VERSION,
  resources: [
    { name: "nodes", singularName: "", namespaced: false, kind: "NodeMetrics", verbs: ["get", "list"] },
    { name: "pods", singularName: "", namespaced: true, kind: "PodMetrics", verbs: ["get", "list"] },
  ],
};

function send(res: ServerResponse, code: number, body: unknown, contentType = "application/json"): void {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(code, { "content-type": contentType, "content-length": Buffer.byteLength(text) });
  res.end(text);
}

export function sendError(res: ServerResponse, err: unknown): void {
  const e = err instanceof ApiError ? err : new ApiError(500, "InternalError", `Internal error occurred: ${(err as Error).message ?? err}`);
  send(res, e.code, e.toStatus());
}

/** The Table form the client asked for in Accept, if any. */
function wantsTable(req: IncomingMessage): boolean {
  return (req.headers.accept ?? "").split(",").some((part) => /as=Table/.test(part) && /g=meta\.k8s\.io/.test(part));
}

interface Route {
  attrs: RequestAttributes;
  serve(): unknown;
}

/** What a path asks for; undefined for paths nobody serves. */
function route(deps: ApiDeps, method: string, path: string, q: URLSearchParams, table: boolean): Route | undefined {
  const verb = method === "GET" || method === "HEAD" ? "get" : method.toLowerCase();
  const nonResource = (serve: () => unknown): Route => ({ attrs: { verb, path }, serve });
  if (path === "/apis") return nonResource(() => ({ kind: "APIGroupList", apiVersion: "v1", groups: [API_GROUP] }));
  if (path === `/apis/${GROUP}`) return nonResource(() => ({ kind: "APIGroup", apiVersion: "v1", ...API_GROUP }));
  if (path === `/apis/${GROUP_VERSION}`) return nonResource(() => RESOURCES);
  if (path === "/openapi/v2") return nonResource(() => openApiV2());
  if (path === "/openapi/v3") return nonResource(() => openApiV3Root());
  if (path === `/openapi/v3/apis/${GROUP_VERSION}`) return nonResource(() => openApiV3GroupVersion());
  const prefix = `/apis/${GROUP_VERSION}/`;
  if (!path.startsWith(prefix)) return undefined;
  const parts = path.slice(prefix.length).split("/").map(decodeURIComponent);
  let namespace: string | undefined;
  if (parts[0] === "namespaces" && parts.length >= 3) {
    namespace = parts[1];
    parts.splice(0, 2);
  }
  const [resource, name, ...rest] = parts;
  if (rest.length || (resource !== "nodes" && resource !== "pods") || (resource === "nodes" && namespace !== undefined)) return undefined;
  if (verb !== "get") throw methodNotAllowed();
  const listVerb = name ? "get" : q.get("watch") === "true" || q.get("watch") === "1" ? "watch" : "list";
  const attrs: RequestAttributes = { verb: listVerb, resource: { group: GROUP, version: VERSION, resource, ...(namespace ? { namespace } : {}), ...(name ? { name } : {}) } };
  if (listVerb === "watch") return { attrs, serve: () => { throw methodNotAllowed(); } };
  const now = deps.now();
  if (resource === "nodes") {
    return {
      attrs,
      serve: () => {
        if (name) {
          const node = deps.nodes().find((n) => n.metadata.name === name);
          const usage = node && deps.storage.node(name);
          if (!node || !usage) throw notFound(NODE_METRICS, name);
          const m = nodeMetrics(usage, node.metadata.labels, now);
          return table ? metricsTable([m], q.get("includeObject") ?? "Metadata") : m;
        }
        const labels = parseLabelSelector(q.get("labelSelector"));
        const fields = parseFieldSelector(q.get("fieldSelector"), new Set(["metadata.name"]));
        const items = deps
          .nodes()
          .filter((n) => labels.matches(n.metadata.labels) && fields.matches({ "metadata.name": n.metadata.name ?? "" }))
          .sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1))
          .flatMap((n) => {
            const u = deps.storage.node(n.metadata.name!);
            return u ? [nodeMetrics(u, n.metadata.labels, now)] : [];
          });
        return table ? metricsTable(items, q.get("includeObject") ?? "Metadata") : { kind: "NodeMetricsList", apiVersion: GROUP_VERSION, metadata: {}, items };
      },
    };
  }
  return {
    attrs,
    serve: () => {
      if (name) {
        const pod = deps.pods(namespace).find((p) => p.metadata.name === name);
        const usage = pod && deps.storage.pod(namespace ?? "", name);
        if (!pod || !usage) throw notFound(POD_METRICS, `${namespace ?? ""}/${name}`);
        const m = podMetrics(usage, pod.metadata.labels, now);
        return table ? metricsTable([m], q.get("includeObject") ?? "Metadata") : m;
      }
      const labels = parseLabelSelector(q.get("labelSelector"));
      const fields = parseFieldSelector(q.get("fieldSelector"), new Set(["metadata.name", "metadata.namespace"]));
      const items = deps
        .pods(namespace)
        .filter((p) => labels.matches(p.metadata.labels) && fields.matches({ "metadata.name": p.metadata.name ?? "", "metadata.namespace": p.metadata.namespace ?? "" }))
        .sort((a, b) => (`${a.metadata.namespace}/${a.metadata.name}` < `${b.metadata.namespace}/${b.metadata.name}` ? -1 : 1))
        .flatMap((p) => {
          const u = deps.storage.pod(p.metadata.namespace!, p.metadata.name!);
          return u ? [podMetrics(u, p.metadata.labels, now)] : [];
        });
      return table ? metricsTable(items, q.get("includeObject") ?? "Metadata") : { kind: "PodMetricsList", apiVersion: GROUP_VERSION, metadata: {}, items };
    },
  };
}

/** Serves one authenticated request. */
export async function serveApi(deps: ApiDeps, user: UserInfo, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "https://metrics-server.invalid");
  const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, "") : url.pathname;
  const method = req.method ?? "GET";
  try {
    if (path === "/healthz" || path === "/livez") return send(res, 200, "ok", "text/plain; charset=utf-8");
    if (path === "/readyz") {
      if (!deps.storage.ready()) return send(res, 500, READYZ_FAILED, "text/plain; charset=utf-8");
      return send(res, 200, "ok", "text/plain; charset=utf-8");
    }
    const r = route(deps, method, path, url.searchParams, wantsTable(req));
    if (!r) {
      const decision = await deps.authorize(user, { verb: method === "GET" ? "get" : method.toLowerCase(), path });
      if (!decision.allowed) throw new ApiError(403, "Forbidden", `forbidden: User "${user.username}" cannot get path "${path}"`, {});
      throw new ApiError(404, "NotFound", "the server could not find the requested resource", {});
    }
    const decision = await deps.authorize(user, r.attrs);
    if (!decision.allowed) {
      const a = r.attrs;
      if (a.resource) {
        const scope = a.resource.namespace ? ` in the namespace "${a.resource.namespace}"` : " at the cluster scope";
        throw forbidden({ group: GROUP, resource: a.resource.resource }, a.resource.name ?? "", `User "${user.username}" cannot ${a.verb} resource "${a.resource.resource}" in API group "${GROUP}"${scope}${decision.reason ? `: ${decision.reason}` : ""}`);
      }
      throw new ApiError(403, "Forbidden", `forbidden: User "${user.username}" cannot ${a.verb} path "${path}"`, {});
    }
    send(res, 200, r.serve());
  } catch (err) {
    sendError(res, err);
  }
}
