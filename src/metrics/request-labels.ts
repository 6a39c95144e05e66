/**
 * The labels of apiserver_request_total and apiserver_request_duration_seconds
 * for one resource request, as upstream's endpoints/metrics reports them:
 * - scope: "resource" for a named object or a create, "namespace" for a
 *   collection in a namespace, "cluster" for every other collection;
 * - verb: the HTTP method, GET becoming LIST on collections, WATCH for
 *   watches, APPLY for server-side apply patches, CONNECT for the log, exec,
 *   attach, portforward and proxy subresources, "other" for anything else;
 * - dry_run: the sorted, de-duplicated dryRun values ("invalid" unless All);
 * - subresource: the route's subresource (nodes/x/proxy/a/b reports "proxy").
 */
import type { ResourceRequestInfo } from "../apiserver/request-info.js";

export interface RequestLabels {
  verb: string;
  dry_run: string;
  group: string;
  version: string;
  resource: string;
  subresource: string;
  scope: string;
}

const connectSubresources = new Set(["log", "exec", "portforward", "attach", "proxy"]);
const reportedMethods = new Set(["POST", "PUT", "PATCH", "DELETE", "CONNECT"]);
const APPLY_PATCH_TYPE = "application/apply-patch+yaml";

export function requestLabels(method: string, info: ResourceRequestInfo, query: URLSearchParams, contentType: string | undefined): RequestLabels {
  const scope = info.name !== undefined || info.verb === "create" ? "resource" : info.namespace !== undefined ? "namespace" : "cluster";
  const subresource = info.subresource ? info.subresource.split("/")[0] : "";
  return {
    verb: reportedVerb(method.toUpperCase(), info, scope, subresource, contentType),
    dry_run: dryRunLabel(query),
    group: info.group,
    version: info.version,
    resource: info.resource,
    subresource,
    scope,
  };
}

function reportedVerb(method: string, info: ResourceRequestInfo, scope: string, subresource: string, contentType: string | undefined): string {
  if (info.verb === "watch") return "WATCH";
  if (connectSubresources.has(subresource)) return "CONNECT";
  if (method === "GET" || method === "HEAD") return scope === "resource" ? "GET" : "LIST";
  if (method === "PATCH" && contentType?.split(";")[0].trim() === APPLY_PATCH_TYPE) return "APPLY";
  return reportedMethods.has(method) ? method : "other";
}

function dryRunLabel(query: URLSearchParams): string {
  if (!query.has("dryRun")) return "";
  const values = query.getAll("dryRun");
  if (values.some((v) => v !== "All")) return "invalid";
  return [...new Set(values)].sort().join(",");
}
