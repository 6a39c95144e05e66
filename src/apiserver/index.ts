/**
 * The API server component: store-backed registries for every built-in
 * resource, admission, the watch cache, discovery, OpenAPI and the HTTPS
 * listener, plus first-start bootstrap and periodic compaction.
 */
import os from "node:os";
import type { TLSSocket } from "node:tls";
import { builtinResources } from "../api/index.js";
import type { Allocator, KubeletConnector, KubeObject, RegistryServices, ResourceDefinition } from "../api/types.js";
import type { Store } from "../storage/store.js";
import type { Clock } from "../util/clock.js";
import type { QuotaAccess } from "./admission/resource-quota.js";
import { createCachedLookup, type CachedAdmissionLookup } from "./admission/cached-lookup.js";
import { createQuotaAccessor } from "./admission/quota-accessor.js";
import { builtinAdmissionPlugins } from "./admission/builtin.js";
import { AdmissionMetrics } from "./admission/metrics.js";
import { buildAdmissionChain, enabledPluginNames, type AdmissionPluginFlags } from "./admission/plugins.js";
import { createWebhookAdmission, serverCaches } from "./admission/webhook/index.js";
import { createPolicyAdmission } from "./admission/policy/index.js";
import { createNodeRestriction, type NodeRestrictionLookups } from "./admission/node-restriction.js";
import { SERVICE_ACCOUNT_ISSUER } from "../api/core/serviceaccount-token.js";
import { jwtSigner, type ServiceAccountKey } from "../pki/index.js";
import { createPublicKey } from "node:crypto";
import { firstServiceIP, nodePortAllocator, serviceIPAllocator, type PersistedAllocator } from "./allocators/allocator.js";
import {
  cachedTokenAuthenticator,
  createBoundTokenValidator,
  createClientCertificateAuthenticator,
  createIssuerDiscovery,
  createJwtTokenAuthenticator,
  createLegacyTokenValidator,
  createRequestAuthenticator,
  LEGACY_ISSUER,
  unionTokenAuthenticators,
  withImpersonation,
  type CredentialObjects,
  type ReviewingTokenAuthenticator,
  type TokenAuthenticator,
} from "./authn/index.js";
import { createBootstrapTokenAuthenticator, type BootstrapTokenSecretObject } from "./authn/bootstrap-token.js";
import { bootstrapCluster } from "./bootstrap.js";
import { createAuthorization, DEFAULT_AUTHORIZATION_MODES, type AuthorizationMode } from "./authz/index.js";
import { createNodeAuthorization } from "./authz/node-authorization.js";
import { nodeRules } from "../api/rbac/bootstrap-policy.js";
import { startHttpsServer, type RunningHttpsServer } from "./http/https-server.js";
import type { ApiRequest, ApiResponse } from "./http/types.js";
import { ApiServerCore, type OpenApiEndpoints } from "./server.js";
import type { RegistryDeps } from "./registry/types.js";
import { WatchService } from "./watch/service.js";
import { schemaServices } from "./wiring.js";
import { createComponentProbes, type HealthCheck } from "./components/component-probes.js";
import { createAggregator, type Aggregator } from "./aggregation/index.js";
import { createSimulatedNetwork, type Dialer } from "../network/dialer.js";
import { createCustomResources, type CustomResources } from "../apiextensions/index.js";
import { ApiServerMetrics, countStoredObjects } from "../metrics/index.js";
import type { EncryptionAtRest } from "./encryption/index.js";
import type { AuditLog } from "./audit/index.js";

export interface InProcessApiServerOptions {
  store: Store;
  clock: Clock;
  serviceCIDR: string;
  nodePortRange: [number, number];
  /** The address other components and the `kubernetes` Endpoints use. */
  advertiseAddress: string;
  /** The port clients reach the server on (for discovery and the `kubernetes` Service). */
  port: number;
  resources?: ResourceDefinition[];
  /** Objects created at first start (namespaces, RBAC defaults, ...). */
  bootstrapObjects?: KubeObject[];
  /** How often to compact the store (upstream: 5 minutes); 0 disables. */
  compactionIntervalMs?: number;
  /** The service-account signing key (sa.key); without it serviceaccounts/token is not served. */
  serviceAccountKey?: ServiceAccountKey;
  /** --service-account-issuer: the iss of the tokens the server issues and accepts (default https://kubernetes.default.svc.cluster.local). */
  serviceAccountIssuer?: string;
  /** --api-audiences: audiences a token must be for to authenticate to this server (default: the issuer). */
  apiAudiences?: string[];
  /** Bearer-token authenticators tried before service-account tokens (the --token-auth-file, ...). */
  tokenAuthenticators?: TokenAuthenticator[];
  /** How logs, exec, attach, port-forward and node proxy reach kubelets (src/apiserver/proxy). */
  kubelet?: KubeletConnector;
  /** API aggregation: how Services' endpoints are dialled and the front proxy's identity. */
  aggregation?: AggregationOptions;
  /** --enable-admission-plugins / --disable-admission-plugins. */
  admissionPlugins?: AdmissionPluginFlags;
  /** Encryption at rest (--encryption-provider-config): wraps the store for the configured resources. */
  encryption?: EncryptionAtRest;
  /** Audit logging (--audit-policy-file, --audit-log-*): wraps the whole pipeline, loopback included. Its owner closes it. */
  audit?: AuditLog;
  /** --authorization-mode; default Node,RBAC. */
  authorizationModes?: AuthorizationMode[];
}

export interface AggregationOptions {
  /** The network endpoints are dialled through (sim pod IPs reach their loopback listeners). */
  dialer: Dialer;
  /** The front-proxy-client pair. */
  frontProxyClient: { certPem: string; keyPem: string };
  /** The front proxy's CA, published as requestheader-client-ca-file. */
  requestHeaderCAPem: string;
}

export interface ApiServerOptions extends InProcessApiServerOptions {
  tls: { certPem: string; keyPem: string; caPem: string };
  /** Address to listen on; loopback by default. */
  bindAddress: string;
  /** --anonymous-auth (default true): requests without credentials are system:anonymous; false refuses them with 401. */
  anonymousAuth?: boolean;
}

/** The API server without sockets: the loopback transport calls handle() directly. */
export interface InProcessApiServer {
  core: ApiServerCore;
  /** What GET /metrics serves. */
  metrics: ApiServerMetrics;
  /** API aggregation; its controllers run once started (startApiServer does, with aggregation options). */
  aggregator: Aggregator;
  /** Custom resources of CustomResourceDefinitions; their controllers run once started (startApiServer does). */
  customResources: CustomResources;
  /** Every bearer-token authenticator of the server (static tokens, service-account JWTs, ...), as TokenReview uses them. */
  tokenAuthenticator: ReviewingTokenAuthenticator;
  /** Runs a request through the full pipeline (authn result given in req.user), impersonation first. */
  handle(req: ApiRequest): Promise<ApiResponse>;
  /** Adds a control plane component to ComponentStatus (scheduler, controller-manager); returns its removal. */
  registerComponentProbe(name: string, check: HealthCheck): () => void;
  close(): Promise<void>;
}

export interface RunningApiServer extends InProcessApiServer {
  port: number;
  url: string;
}

export async function createInProcessApiServer(opts: InProcessApiServerOptions & { portRef?: () => number }): Promise<InProcessApiServer> {
  const { clock } = opts;
  const resources = opts.resources ?? builtinResources;
  const store = opts.encryption ? opts.encryption.wrap(opts.store, resources) : opts.store;
  const allocators = {
    serviceIPs: serviceIPAllocator(store, opts.serviceCIDR),
    nodePorts: nodePortAllocator(store, opts.nodePortRange),
  } satisfies Record<string, PersistedAllocator>;
  let core: ApiServerCore | undefined;
  // The store answers for etcd-0 (etcd itself, or the embedded store in its place).
  const componentProbes = createComponentProbes({ "etcd-0": async () => void (await store.currentRevision()) });
  // The Node authorizer, when present, takes the "Node" mode's place in the chain.
  const nodeAuthorization = createNodeAuthorization({ nodeRules: nodeRules() });
  const authorization = createAuthorization({ modes: opts.authorizationModes, node: nodeAuthorization.authorizer });
  const authorizer = authorization.authorizer;
  const saKey = opts.serviceAccountKey;
  const issuer = opts.serviceAccountIssuer ?? SERVICE_ACCOUNT_ISSUER;
  const apiAudiences = opts.apiAudiences?.length ? opts.apiAudiences : [issuer];
  const tokenSigner = saKey && { issuer, sign: jwtSigner(saKey) };
  // Tokens name objects; they are looked up in storage on each (uncached) authentication.
  const credentialObjects: CredentialObjects = { get: (resource, namespace, name) => core!.registry("", "v1", resource)!.tryGet(namespace, name) };
  const saKeys = saKey ? [{ keyId: saKey.keyId, publicKey: createPublicKey(saKey.publicKeyPem) }] : [];
  const tokenAuthenticator = cachedTokenAuthenticator(
    unionTokenAuthenticators(
      [
        ...(opts.tokenAuthenticators ?? []),
        // Bootstrap tokens: Secrets bootstrap-token-<id> in kube-system (kubeadm join).
        createBootstrapTokenAuthenticator({ clock, getSecret: async (name) => (await core!.registry("", "v1", "secrets")?.tryGet("kube-system", name)) as BootstrapTokenSecretObject | undefined }),
        ...(saKey
          ? [
              createJwtTokenAuthenticator({ issuers: [LEGACY_ISSUER], keys: saKeys, apiAudiences, validator: createLegacyTokenValidator(credentialObjects) }),
              createJwtTokenAuthenticator({ issuers: [issuer], keys: saKeys, apiAudiences, validator: createBoundTokenValidator(credentialObjects, clock) }),
            ]
          : []),
      ],
      apiAudiences,
    ),
    clock,
  );
  const registryFor = (group: string, resource: string) => {
    const reg = [...core!.registries.values()].find((r) => r.def.group === group && r.def.plural === resource);
    if (!reg) throw new Error(`no storage for ${resource}.${group}`);
    return reg;
  };
  const services = (dryRun: boolean): RegistryServices => ({
    getObject: async (group, resource, namespace, name) => {
      const reg = [...core!.registries.values()].find((r) => r.def.group === group && r.def.plural === resource);
      return reg?.tryGet(namespace, name);
    },
    listObjects: async (group, resource, namespace) => {
      const reg = registryFor(group, resource);
      const { items } = await reg.deps.store.list(reg.listPrefix(namespace));
      return items.map((kv) => reg.decode(kv));
    },
    updateStatus: async (group, resource, obj) => {
      const { namespace, name, resourceVersion } = obj.metadata;
      const res = await registryFor(group, resource).mutate(namespace, name!, (current) => ({ ...current, status: obj.status }), {
        subresource: "status",
        expectResourceVersion: resourceVersion,
        dryRun,
        fieldValidation: "Ignore",
      });
      return res.object;
    },
    allocator: (name) => {
      const a = (allocators as Record<string, PersistedAllocator>)[name];
      return a ? (dryRun ? a.dryRun() : (a as Allocator)) : undefined;
    },
    options: { serviceCIDRs: [opts.serviceCIDR], nodePortRange: opts.nodePortRange },
    authorize: (attrs) => authorizer.authorize(attrs),
    rulesFor: (user, namespace) => authorizer.rulesFor(user, namespace),
    probeComponents: () => componentProbes.probeAll(),
    kubelet: opts.kubelet,
    serviceAccountTokens: tokenSigner,
    reviewToken: (token, audiences) => tokenAuthenticator.review(token, audiences),
  });
  const schema = await schemaServices(resources, clock);
  const metrics = new ApiServerMetrics({ clock, storedObjects: () => countStoredObjects(core!.registries.values(), store) });
  const dynamicAdmissionCaches = serverCaches(() => core!, () => watch);
  const webhooks = createWebhookAdmission({
    clock,
    caches: dynamicAdmissionCaches,
    transport: () => ({ resolver: aggregator.serviceResolver, dialer: aggregator.dialer, clock }),
    metrics: () => metrics.registry,
    log: (msg) => console.error(`skiff apiserver: ${msg}`),
  });
  const cachedLookup = admissionLookup(() => core!, () => watch, clock);
  const deps: RegistryDeps = {
    store,
    clock,
    services,
    // Upstream's order whatever the order here (admission/plugins.ts).
    admission: buildAdmissionChain(enabledPluginNames(opts.admissionPlugins), {
      ...builtinAdmissionPlugins({
        lookup: cachedLookup,
        quotas: quotaAccess(() => core!, cachedLookup),
        authorize: (attrs) => authorizer.authorize(attrs),
        clock,
        registry: metrics.registry,
      }),
      MutatingAdmissionWebhook: webhooks.mutating,
      ValidatingAdmissionPolicy: createPolicyAdmission({ caches: dynamicAdmissionCaches, log: (msg) => console.error(`skiff apiserver: ${msg}`) }),
      ValidatingAdmissionWebhook: webhooks.validating,
      NodeRestriction: createNodeRestriction({ getPod: (ns, name) => cachedLookup.get("", "pods", ns, name), getNode: (name) => cachedLookup.get("", "nodes", undefined, name) } as NodeRestrictionLookups),
    }, new AdmissionMetrics(metrics.registry, clock)),
    unknownFields: schema.unknownFields,
    managedFields: schema.managedFields,
    patch: schema.patch,
  };
  opts.encryption?.registerMetrics(metrics.registry);
  opts.audit?.registerMetrics(metrics.registry);
  const watch = new WatchService({ store, clock, metrics });
  const aggregator = createAggregator({
    clock,
    resources,
    dialer: opts.aggregation?.dialer ?? createSimulatedNetwork(),
    frontProxyClient: opts.aggregation?.frontProxyClient,
    log: (msg) => console.error(`skiff apiserver: ${msg}`),
  });
  const port = opts.portRef ?? (() => opts.port);
  core = new ApiServerCore({
    resources,
    deps,
    clock,
    watch,
    openapi: schema.openapi as OpenApiEndpoints | undefined,
    serverAddress: () => `${opts.advertiseAddress}:${port()}`,
    readyChecks: { etcd: async () => void (await store.currentRevision()) },
    aggregator,
    metrics,
    extraNonResource: saKey ? createIssuerDiscovery({ issuer, jwksUri: () => `https://${hostPort(opts.advertiseAddress, port())}/openid/v1/jwks`, keys: [saKey] }) : undefined,
    authorize: (attrs) => authorizer.authorize(attrs),
  });
  authorization.start(rbacCachers(core, watch));
  if ((opts.authorizationModes ?? DEFAULT_AUTHORIZATION_MODES).includes("Node")) nodeAuthorization.start(nodeGraphCachers(core, watch));
  const customResources = createCustomResources({
    core,
    watch,
    clock,
    schemas: schema.customResources,
    apiServices: aggregator,
    conversion: () => ({ resolver: aggregator.serviceResolver, dialer: aggregator.dialer, clock }),
    log: (msg) => console.error(`skiff apiserver: ${msg}`),
  });
  await repairAllocators(core, allocators);
  const compaction = startCompaction(store, clock, opts.compactionIntervalMs ?? 5 * 60_000);
  const c = core;
  // Audit outermost: it records the requester, impersonation the user acted as.
  const impersonating = withImpersonation((req) => c.handle(req), authorizer);
  const handle = opts.audit ? opts.audit.wrap(impersonating) : impersonating;
  return {
    core: c,
    metrics,
    aggregator,
    customResources,
    tokenAuthenticator,
    handle,
    registerComponentProbe: (name, check) => componentProbes.register(name, check),
    close: async () => {
      await customResources.stop();
      await aggregator.stop();
      authorization.close();
      nodeAuthorization.close();
      compaction.cancel();
      await watch.close();
    },
  };
}

/** Bootstrap objects plus the `kubernetes` Service and Endpoints for an API server at address:port. */
export async function bootstrapApiServer(server: InProcessApiServer, opts: { bootstrapObjects?: KubeObject[]; serviceCIDR: string; advertiseAddress: string; port: number }): Promise<void> {
  await bootstrapCluster(server.core, { objects: opts.bootstrapObjects ?? [], serviceIP: firstServiceIP(opts.serviceCIDR), serviceCIDRs: opts.serviceCIDR.split(",").map((c) => c.trim()), advertiseAddress: opts.advertiseAddress, port: opts.port });
}

export async function startApiServer(opts: ApiServerOptions): Promise<RunningApiServer> {
  let port = opts.port;
  const inner = await createInProcessApiServer({ ...opts, portRef: () => port });
  const authenticator = createRequestAuthenticator({
    clientCertificates: createClientCertificateAuthenticator({ caPem: opts.tls.caPem, clock: opts.clock }),
    tokens: inner.tokenAuthenticator,
    anonymous: opts.anonymousAuth ?? true,
  });
  const https: RunningHttpsServer = await startHttpsServer({
    host: opts.bindAddress,
    port: opts.port,
    key: opts.tls.keyPem,
    cert: opts.tls.certPem,
    clientCA: opts.tls.caPem,
    authenticate: (socket: TLSSocket, headers) => authenticator.authenticateRequest({ socket, headers }),
    onUnauthorized: (reason) => console.error(`skiff apiserver: Unable to authenticate the request: ${reason}`),
    handle: (req) => inner.handle(req),
  });
  port = https.port;
  await bootstrapApiServer(inner, { ...opts, port });
  await inner.customResources.start(inner);
  if (opts.aggregation) await inner.aggregator.start(inner, { clientCAPem: opts.tls.caPem, requestHeaderCAPem: opts.aggregation.requestHeaderCAPem });
  const host = opts.bindAddress === "0.0.0.0" || opts.bindAddress === "::" ? "127.0.0.1" : opts.bindAddress;
  return {
    ...inner,
    port,
    url: `https://${host.includes(":") ? `[${host}]` : host}:${port}`,
    close: async () => {
      await https.close();
      await inner.close();
    },
  };
}

/** The watch caches the Node authorizer's graph follows. */
function nodeGraphCachers(core: ApiServerCore, watch: WatchService) {
  const pods = core.registry("", "v1", "pods");
  const pvs = core.registry("", "v1", "persistentvolumes");
  const vas = core.registry("storage.k8s.io", "v1", "volumeattachments");
  if (!pods || !pvs) return undefined;
  return { pods: watch.cacherFor(pods), persistentVolumes: watch.cacherFor(pvs), volumeAttachments: vas && watch.cacherFor(vas) };
}

/** The watch caches the RBAC authorizer follows. */
function rbacCachers(core: ApiServerCore, watch: WatchService) {
  const reg = (plural: string) => core.registry("rbac.authorization.k8s.io", "v1", plural);
  const [cr, r, crb, rb] = ["clusterroles", "roles", "clusterrolebindings", "rolebindings"].map(reg);
  if (!cr || !r || !crb || !rb) return undefined;
  return { ClusterRole: watch.cacherFor(cr), Role: watch.cacherFor(r), ClusterRoleBinding: watch.cacherFor(crb), RoleBinding: watch.cacherFor(rb) };
}

/** What admission plugins read: the watch caches, with live lookups in storage (admission/cached-lookup.ts). */
function admissionLookup(core: () => ApiServerCore, watch: () => WatchService, clock: Clock): CachedAdmissionLookup {
  return createCachedLookup({
    // A resource this server does not serve has no objects.
    registry: (group, resource) => [...core().registries.values()].find((x) => x.def.group === group && x.def.plural === resource),
    cacher: (reg) => watch().cacherFor(reg),
    clock,
  });
}

/** The ResourceQuota plugin's view of the quotas: the lookup's, status written through the registry (a compare-and-swap). */
function quotaAccess(core: () => ApiServerCore, lookup: CachedAdmissionLookup): QuotaAccess {
  return createQuotaAccessor(lookup, async (quota) => {
    const { namespace, name, resourceVersion } = quota.metadata!;
    // The status holds parts of a cached (frozen) quota; the write pipeline canonicalises in place.
    const status = structuredClone(quota.status);
    const res = await core().registry("", "v1", "resourcequotas")!.mutate(namespace, name!, (current) => ({ ...current, status }), { subresource: "status", expectResourceVersion: resourceVersion, dryRun: false, fieldValidation: "Ignore" });
    return res.object;
  });
}

/** Compacts to the revision seen one interval ago, so watchers have had a whole interval to catch up. */
function startCompaction(store: Store, clock: Clock, interval: number): { cancel(): void } {
  if (interval <= 0) return { cancel: () => undefined };
  let previous: number | undefined;
  return clock.setInterval(() => {
    void (async () => {
      const target = previous;
      previous = await store.currentRevision();
      if (target !== undefined && target > (await store.compactedRevision())) await store.compact(target);
    })().catch((err) => console.error("skiff apiserver: compaction failed:", err));
  }, interval);
}

/** Reconciles the allocators with the Services that exist (upstream's repair controllers). */
async function repairAllocators(core: ApiServerCore, a: { serviceIPs: PersistedAllocator; nodePorts: PersistedAllocator }): Promise<void> {
  const reg = core.registry("", "v1", "services");
  if (!reg) return;
  const list = await reg.deps.store.list(reg.prefix);
  const ips: string[] = [];
  const ports: string[] = [];
  for (const kv of list.items) {
    const svc = JSON.parse(kv.value) as { spec?: { clusterIPs?: string[]; clusterIP?: string; ports?: { nodePort?: number }[] } };
    for (const ip of svc.spec?.clusterIPs ?? (svc.spec?.clusterIP ? [svc.spec.clusterIP] : [])) if (ip && ip !== "None") ips.push(ip);
    for (const p of svc.spec?.ports ?? []) if (p.nodePort) ports.push(String(p.nodePort));
  }
  await a.serviceIPs.repair(ips);
  await a.nodePorts.repair(ports);
}

function hostPort(host: string, port: number): string {
  return `${host.includes(":") ? `[${host}]` : host}:${port}`;
}

export function defaultAdvertiseAddress(bindAddress: string): string {
  if (bindAddress !== "0.0.0.0" && bindAddress !== "::") return bindAddress;
  for (const addrs of Object.values(os.networkInterfaces())) {
    for (const a of addrs ?? []) if (a.family === "IPv4" && !a.internal) return a.address;
  }
  return "127.0.0.1";
}
