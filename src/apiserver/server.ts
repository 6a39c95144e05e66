/**
 * The API server's request pipeline, transport-free: authentication result
 * in, authorization, routing to discovery, OpenAPI, health and the resource
 * handlers, and every failure turned into a Status.
 */
import { ApiError, internalError, isApiError, unauthorized, type StatusReason } from "../api/errors.js";
import type { ResourceDefinition } from "../api/types.js";
import type { Clock } from "../util/clock.js";
import { Discovery, type DiscoveryGroupSource } from "./discovery/discovery.js";
import { handleResource } from "./handlers/resource.js";
import type { ApiRequest, ApiResponse } from "./http/types.js";
import { canonicalObject } from "./encoding/canonical.js";
import { asSubresourceCreate } from "./handlers/create-as-subresource.js";
import { DISCOVERY_V2_CONTENT_TYPE, negotiate } from "./negotiation.js";
import { parseRequestInfo, type ResourceRequestInfo } from "./request-info.js";
import { ResourceRegistry } from "./registry/registry.js";
import type { RegistryDeps } from "./registry/types.js";
import { versionInfo } from "./version.js";
import type { WatchService } from "./watch/service.js";
import { exposition, type ApiServerMetrics } from "../metrics/index.js";
import { enforceAuthorization, type Authorize } from "./authz/enforce.js";

/** The OpenAPI documents, by path, as the OpenAPI service serves them. */
export interface OpenApiEndpoints {
  v2(accept: string): { body: Buffer; contentType: string; etag: string };
  v3Index(): { body: Buffer; etag: string };
  v3(path: string): { body: Buffer; contentType: string; etag: string } | undefined;
}

export interface ApiServerCoreOptions {
  resources: ResourceDefinition[];
  deps: RegistryDeps;
  clock: Clock;
  watch: WatchService;
  openapi?: OpenApiEndpoints;
  /** host:port clients should use, for /api's serverAddressByClientCIDRs. */
  serverAddress: () => string;
  /** Health checks beyond "the process answers" (e.g. the store). */
  readyChecks?: Record<string, () => Promise<void>>;
  /** API aggregation: requests for APIServices backed by a Service, and their groups in discovery. */
  aggregator?: { handles(req: ApiRequest): boolean; serve(req: ApiRequest): Promise<ApiResponse>; discovery: DiscoveryGroupSource };
  /** Request metrics, and what GET /metrics serves. */
  metrics?: ApiServerMetrics;
  /** The authorizer every request passes; without one, authenticated users may do anything. */
  authorize?: Authorize;
}

const anonymousPaths = new Set(["/healthz", "/livez", "/readyz", "/version", "/version/"]);

export class ApiServerCore {
  readonly registries = new Map<string, ResourceRegistry>();
  readonly discovery: Discovery;

  constructor(private readonly opts: ApiServerCoreOptions) {
    for (const def of opts.resources) {
      const key = registryKey(def.group, def.version, def.plural);
      if (this.registries.has(key)) throw new Error(`resource ${key} defined twice`);
      this.registries.set(key, new ResourceRegistry(def, opts.deps));
    }
    this.discovery = new Discovery(opts.resources, opts.serverAddress, opts.aggregator?.discovery);
  }

  /** Serves a resource from now on (a custom resource version), in routing and discovery. */
  addRegistry(def: ResourceDefinition): ResourceRegistry {
    const reg = new ResourceRegistry(def, this.opts.deps);
    this.registries.set(registryKey(def.group, def.version, def.plural), reg);
    this.discovery.addResource(def);
    return reg;
  }

  /** Stops serving a resource added by addRegistry; returns what it served, if anything. */
  removeRegistry(group: string, version: string, plural: string): ResourceRegistry | undefined {
    const key = registryKey(group, version, plural);
    const reg = this.registries.get(key);
    if (!reg) return undefined;
    this.registries.delete(key);
    this.discovery.removeResource(group, version, plural);
    return reg;
  }

  registry(group: string, version: string, plural: string): ResourceRegistry | undefined {
    return this.registries.get(registryKey(group, version, plural));
  }

  /** Runs one request; never throws. */
  async handle(req: ApiRequest): Promise<ApiResponse> {
    try {
      if (this.opts.authorize) await enforceAuthorization(req, this.opts.authorize);
      else if (!req.user && !isAnonymousPath(req.path)) throw unauthorized();
      return await this.route(req);
    } catch (err) {
      return errorResponse(err);
    }
  }

  private async route(req: ApiRequest): Promise<ApiResponse> {
    if (this.opts.aggregator?.handles(req)) return this.opts.aggregator.serve(req);
    const info = parseRequestInfo(req.method, req.path, req.query);
    if (info.isResourceRequest) {
      const reg = this.registry(info.group, info.version, info.resource);
      if (!reg) throw notFoundPath();
      const observation = this.opts.metrics?.startRequest(req.method, info, req.query, req.headers["content-type"]);
      if (!observation) return this.resource(reg, info, req);
      let res: ApiResponse;
      try {
        res = await this.resource(reg, info, req);
      } catch (err) {
        observation.done(isApiError(err) ? err.code : 500);
        throw err;
      }
      if (!res.stream) {
        observation.done(res.status);
        return res;
      }
      // A watch is measured until it ends, as upstream's instrumented route returns then.
      const stream = res.stream;
      return { ...res, stream: (sink, signal) => stream(sink, signal).finally(() => observation.done(res.status)) };
    }
    if (req.method !== "GET" && req.method !== "HEAD") throw notFoundPath();
    return this.nonResource(req);
  }

  private resource(reg: ResourceRegistry, info: ResourceRequestInfo, req: ApiRequest): Promise<ApiResponse> {
    const viaSubresource = asSubresourceCreate(reg, info, req);
    if (viaSubresource) {
      const target = this.registry(info.group, info.version, viaSubresource.resource);
      if (!target) throw notFoundPath();
      return handleResource(target, viaSubresource, req, { clock: this.opts.clock, watch: this.opts.watch });
    }
    return handleResource(reg, info, req, { clock: this.opts.clock, watch: this.opts.watch });
  }

  private async nonResource(req: ApiRequest): Promise<ApiResponse> {
    const path = req.path.replace(/\/+$/, "") || "/";
    const json = (body: string, contentType = "application/json"): ApiResponse => ({ status: 200, headers: { "content-type": contentType }, body: `${body}\n` });
    if (path === "/version") return rawJson(versionInfo());
    if (path === "/healthz" || path === "/livez" || path === "/readyz" || path.startsWith("/healthz/") || path.startsWith("/livez/") || path.startsWith("/readyz/")) return this.health(req, path);
    if (path === "/api" || path === "/apis") {
      const wantsAggregated = negotiate(req.headers.accept, ["discovery-v2", "json"]) === "discovery-v2";
      if (wantsAggregated) return json(this.discovery.aggregated(path === "/api"), DISCOVERY_V2_CONTENT_TYPE);
      return json(path === "/api" ? this.discovery.apiVersions() : this.discovery.apiGroupList());
    }
    const parts = path.split("/").filter(Boolean);
    if (parts[0] === "api" && parts.length === 2) {
      const doc = this.discovery.resourceList("", parts[1]);
      if (doc) return json(doc);
    }
    if (parts[0] === "apis" && parts.length === 2) {
      const doc = this.discovery.apiGroupDoc(parts[1]);
      if (doc) return json(doc);
    }
    if (parts[0] === "apis" && parts.length === 3) {
      const doc = this.discovery.resourceList(parts[1], parts[2]);
      if (doc) return json(doc);
    }
    if (parts[0] === "openapi" && this.opts.openapi) return this.openapi(req, parts);
    if (path === "/metrics" && this.opts.metrics) {
      const { contentType, body } = await exposition(this.opts.metrics.registry);
      return { status: 200, headers: { "content-type": contentType }, body };
    }
    if (path === "/") {
      return rawJson({ paths: ["/api", "/api/v1", "/apis", ...this.groupVersionPaths(), "/healthz", "/livez", ...(this.opts.metrics ? ["/metrics"] : []), "/readyz", "/openapi/v2", "/openapi/v3", "/version"] });
    }
    throw notFoundPath();
  }

  private groupVersionPaths(): string[] {
    const out = new Set<string>();
    for (const r of this.registries.values()) if (r.def.group) out.add(`/apis/${r.def.group}`).add(`/apis/${r.def.group}/${r.def.version}`);
    return [...out].sort();
  }

  private openapi(req: ApiRequest, parts: string[]): ApiResponse {
    const api = this.opts.openapi!;
    const cached = (doc: { body: Buffer; etag: string; contentType?: string }): ApiResponse => {
      const etag = `"${doc.etag}"`;
      if (req.headers["if-none-match"] === etag) return { status: 304, headers: { etag } };
      return { status: 200, headers: { "content-type": doc.contentType ?? "application/json", etag, "cache-control": "no-cache, private" }, body: doc.body };
    };
    if (parts[1] === "v2" && parts.length === 2) return cached(api.v2(req.headers.accept ?? "application/json"));
    if (parts[1] === "v3" && parts.length === 2) return cached(api.v3Index());
    if (parts[1] === "v3") {
      const doc = api.v3(parts.slice(2).join("/"));
      if (doc) {
        return { ...cached(doc), headers: { ...cached(doc).headers, ...(req.query.has("hash") ? { "cache-control": "public, immutable" } : {}) } };
      }
    }
    throw notFoundPath();
  }

  private async health(req: ApiRequest, path: string): Promise<ApiResponse> {
    const checks = { ping: async () => undefined, ...(path.startsWith("/livez") ? {} : this.opts.readyChecks ?? {}) };
    const sub = path.split("/")[2];
    const lines: string[] = [];
    let ok = true;
    for (const [name, check] of Object.entries(checks)) {
      if (sub && sub !== name) continue;
      try {
        await check();
        lines.push(`[+]${name} ok`);
      } catch {
        ok = false;
        lines.push(`[-]${name} failed: reason withheld`);
      }
    }
    const verbose = req.query.has("verbose");
    const base = path.split("/")[1];
    const body = verbose ? `${lines.join("\n")}\n${base} check ${ok ? "passed" : "failed"}\n` : ok ? "ok" : `${lines.join("\n")}\n${base} check failed\n`;
    return { status: ok ? 200 : 500, headers: { "content-type": "text/plain; charset=utf-8", "x-content-type-options": "nosniff" }, body };
  }
}

/** upstream's WriteRawJSON (/version, /): indented, no trailing newline. */
function rawJson(value: unknown): ApiResponse {
  return { status: 200, headers: { "content-type": "application/json" }, body: JSON.stringify(value, null, 2) };
}

function registryKey(group: string, version: string, plural: string): string {
  return `${group}/${version}/${plural}`;
}

function isAnonymousPath(path: string): boolean {
  const p = path.replace(/\/+$/, "");
  return anonymousPaths.has(p) || p.startsWith("/healthz/") || p.startsWith("/livez/") || p.startsWith("/readyz/");
}

function notFoundPath(): ApiError {
  return new ApiError(404, "NotFound", "the server could not find the requested resource");
}

export function errorResponse(err: unknown): ApiResponse {
  const e = isApiError(err) ? err : internalError(err);
  if (!isApiError(err)) console.error("skiff apiserver: internal error:", err);
  const status = e.toStatus();
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (e.details?.retryAfterSeconds) headers["retry-after"] = String(e.details.retryAfterSeconds);
  return { status: e.code, headers, body: `${JSON.stringify(canonicalObject(status))}\n` };
}

export type { StatusReason };
