/**
 * kube-aggregator's part of the API server. Before routing, handles() picks
 * out requests for group versions that APIServices delegate to a Service
 * (/apis/<group>/<version>/...) and the group documents of such groups;
 * serve() authorizes them here first, then proxies them. start() runs,
 * against the server itself through the loopback transport: the informers
 * on APIServices, Services and EndpointSlices, the local APIServices'
 * registration, the availability controller, remote discovery and the
 * extension-apiserver-authentication ConfigMap.
 */
import { setMaxListeners } from "node:events";
import type { ResourceDefinition } from "../../api/types.js";
import { ApiError } from "../../api/errors.js";
import { createClient, createInformerFactory, createLoopbackTransport, type LoopbackServer } from "../../client/index.js";
import type { Client, Informer, KubeObject } from "../../client/types.js";
import { LABEL_SERVICE_NAME } from "../../api/discovery/endpointslices.js";
import type { Dialer } from "../../network/dialer.js";
import { createServiceResolver, type EndpointSliceLike, type ServiceLike, type ServiceLookup, type ServiceResolver } from "../../network/service-resolver.js";
import type { Clock } from "../../util/clock.js";
import type { ApiRequest, ApiResponse, StreamSink } from "../http/types.js";
import { authorizeRequest, type Authorize } from "./authorize-request.js";
import { isRemote, type APIService } from "./apiservice-helpers.js";
import { createAuthenticationConfigMapController, frontProxyAuthenticationInfo, AUTH_CONFIGMAP_NAMESPACE } from "./authentication-configmap.js";
import { createAvailabilityController } from "./availability-controller.js";
import type { ClientCertificate } from "./backend-tls.js";
import { checkDiscovery } from "./discovery-check.js";
import { ContinuousLocalRegistration, desiredLocalAPIServices, syncLocalAPIServices } from "./local-apiservices.js";
import { proxyToAPIService } from "./proxy.js";
import { RemoteDiscovery, type DiscoveryGroupSource, type FetchedResponse } from "./remote-discovery.js";
import { AGGREGATOR_USER, API_SERVER_USER, APISERVICES, CONFIGMAPS, ENDPOINTSLICES, SERVICES } from "./resources.js";

/** How long reading a backend's discovery may take (upstream's TimeoutHandler in the discovery manager). */
const DISCOVERY_FETCH_TIMEOUT_MS = 5_000;

export interface AggregatorOptions {
  clock: Clock;
  /** Group versions served locally (they get local APIServices). */
  resources: readonly ResourceDefinition[];
  /** How endpoints are reached (the simulated network, which dials real addresses for real). */
  dialer: Dialer;
  /** The front-proxy-client pair the API server presents to extension API servers. */
  frontProxyClient?: ClientCertificate;
  /** Authorization of proxied requests, before they leave. */
  authorize?: Authorize;
  log?: (msg: string) => void;
}

export interface AggregatorStartOptions {
  /** The CA that signs client certificates (client-ca-file). */
  clientCAPem: string;
  /** The front proxy's CA (requestheader-client-ca-file). */
  requestHeaderCAPem: string;
}

export interface Aggregator {
  /** True when the request goes to an extension API server (or is its group's document). */
  handles(req: ApiRequest): boolean;
  serve(req: ApiRequest): Promise<ApiResponse>;
  /** Remote groups for the server's discovery documents. */
  readonly discovery: DiscoveryGroupSource;
  /** Services to ready endpoints from the aggregator's caches (also how CRD conversion webhooks are reached). */
  readonly serviceResolver: ServiceResolver;
  /** The network the resolved endpoints are dialled through. */
  readonly dialer: Dialer;
  /**
   * Keeps a local APIService for a group version served from now on (a
   * custom resource version; upstream gives CRD groups groupPriorityMinimum
   * 1000), until unregisterLocal.
   */
  registerLocal(group: string, version: string, groupPriorityMinimum: number, versionPriority: number): void;
  unregisterLocal(group: string, version: string): void;
  start(server: LoopbackServer, opts: AggregatorStartOptions): Promise<void>;
  stop(): Promise<void>;
}

export function createAggregator(opts: AggregatorOptions): Aggregator {
  const log = opts.log ?? (() => undefined);
  let apiServices: Informer<APIService> | undefined;
  let services: Informer<KubeObject> | undefined;
  let slices: Informer<KubeObject> | undefined;
  const stopper = new AbortController();
  // Every probe and discovery fetch in flight listens on it (five per APIService probe): not a leak.
  setMaxListeners(0, stopper.signal);
  const running: Promise<void>[] = [];

  const lookup: ServiceLookup = {
    service: (ns, name) => services?.lister.get(ns, name) as ServiceLike | undefined,
    endpointSlices: (ns, name) => (slices?.lister.byIndex("service", `${ns}/${name}`) ?? []) as EndpointSliceLike[],
  };
  const resolver = createServiceResolver(lookup, opts.dialer);
  const proxyDeps = { resolver, clientCertificate: opts.frontProxyClient, clock: opts.clock };
  const remoteServices = () => (apiServices?.lister.list() ?? []).filter(isRemote);
  const remoteFor = (group: string, version: string) => {
    const svc = apiServices?.lister.get(undefined, `${version}.${group}`);
    return svc && isRemote(svc) ? svc : undefined;
  };
  const continuous = new ContinuousLocalRegistration(opts.clock);
  const discovery = new RemoteDiscovery({ clock: opts.clock, apiServices: remoteServices, fetch: (svc, path, accept) => fetchThroughProxy(svc, path, accept) });

  /** As upstream's discovery manager: through the proxy handler, at most 5 s. */
  async function fetchThroughProxy(svc: APIService, path: string, accept: string): Promise<FetchedResponse> {
    const abort = new AbortController();
    const timer = opts.clock.setTimeout(() => abort.abort(), DISCOVERY_FETCH_TIMEOUT_MS);
    const stop = () => abort.abort();
    stopper.signal.addEventListener("abort", stop, { once: true });
    try {
      const res = await proxyToAPIService({ method: "GET", path, query: new URLSearchParams(), headers: { accept }, user: AGGREGATOR_USER, signal: abort.signal }, svc, proxyDeps);
      const body = res.body !== undefined ? Buffer.from(res.body) : res.stream ? await collect(res.stream, abort.signal) : Buffer.alloc(0);
      if (abort.signal.aborted) return { status: 503, contentType: "text/plain; charset=utf-8", body: Buffer.from("request timed out") };
      const ct = res.headers["content-type"];
      return { status: res.status, contentType: Array.isArray(ct) ? ct.join(",") : (ct ?? ""), body };
    } finally {
      timer.cancel();
      stopper.signal.removeEventListener("abort", stop);
    }
  }

  function route(req: ApiRequest): { svc?: APIService; groupDoc?: string } | undefined {
    if (!apiServices) return undefined;
    const parts = req.path.split("/").filter(Boolean);
    if (parts[0] !== "apis" || parts.length < 2) return undefined;
    const group = decodeSegment(parts[1]);
    if (parts.length === 2) {
      const all = apiServices.lister.list().filter((s) => s.spec?.group === group);
      return all.length && all.every(isRemote) ? { groupDoc: group } : undefined;
    }
    const svc = remoteFor(group, decodeSegment(parts[2]));
    return svc ? { svc } : undefined;
  }

  return {
    discovery,
    serviceResolver: resolver,
    dialer: opts.dialer,
    handles: (req) => route(req) !== undefined,
    registerLocal: (group, version, gp, vp) => continuous.add(group, version, gp, vp),
    unregisterLocal: (group, version) => continuous.remove(group, version),

    async serve(req) {
      const target = route(req);
      if (!target) throw new ApiError(404, "NotFound", "the server could not find the requested resource");
      if (opts.authorize) await authorizeRequest(req, opts.authorize);
      if (target.groupDoc !== undefined) {
        const doc = discovery.apiGroup(target.groupDoc);
        if (!doc) return { status: 404, headers: { "content-type": "text/plain; charset=utf-8" }, body: "\n" };
        return { status: 200, headers: { "content-type": "application/json" }, body: `${JSON.stringify({ kind: "APIGroup", apiVersion: "v1", ...doc })}\n` };
      }
      return proxyToAPIService(req, target.svc!, proxyDeps);
    },

    async start(server, startOpts) {
      const client: Client = createClient({ transport: createLoopbackTransport(server, API_SERVER_USER), identity: "system:apiserver" });
      const informers = createInformerFactory({ client, clock: opts.clock });
      apiServices = informers.forResource<APIService>(APISERVICES);
      services = informers.forResource(SERVICES);
      slices = informers.forResource(ENDPOINTSLICES);
      slices.addIndexer("service", (s) => {
        const name = s.metadata.labels?.[LABEL_SERVICE_NAME];
        return name ? [`${s.metadata.namespace}/${name}`] : [];
      });
      const configMaps = informers.forResource<KubeObject & { data?: Record<string, string> }>(CONFIGMAPS, { namespace: AUTH_CONFIGMAP_NAMESPACE });
      const availability = createAvailabilityController({
        client,
        clock: opts.clock,
        apiServices,
        services,
        endpointSlices: slices,
        inputs: { ...lookup, probe: (svc) => checkDiscovery(svc, { ...proxyDeps, signal: stopper.signal }) },
      });
      const trust = createAuthenticationConfigMapController({ client, clock: opts.clock, configMaps, info: frontProxyAuthenticationInfo(startOpts.clientCAPem, startOpts.requestHeaderCAPem) });
      const onChange = (svc: APIService) => {
        if (isRemote(svc)) discovery.markDirty(svc.metadata.name!);
        else discovery.forget(svc.metadata.name!);
      };
      apiServices.addEventHandler({ onAdd: onChange, onUpdate: (_o, n) => onChange(n), onDelete: (svc) => discovery.markDirty(svc.metadata.name!) });
      informers.start(stopper.signal);
      if (!(await informers.waitForCacheSync(stopper.signal))) return;
      await syncLocalAPIServices(client, desiredLocalAPIServices(opts.resources)).catch((err: Error) => log(`registering local APIServices failed: ${err.message}`));
      discovery.run(stopper.signal);
      running.push(availability.run(stopper.signal), trust.run(stopper.signal), continuous.run(client, apiServices, stopper.signal));
    },

    async stop() {
      stopper.abort();
      await Promise.allSettled(running);
    },
  };
}

function decodeSegment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function collect(stream: NonNullable<ApiResponse["stream"]>, signal: AbortSignal): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const sink: StreamSink = {
    write: (c) => (chunks.push(typeof c === "string" ? Buffer.from(c) : c), true),
    end: () => undefined,
    drained: () => Promise.resolve(),
  };
  return stream(sink, signal).then(() => Buffer.concat(chunks));
}
