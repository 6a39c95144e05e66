/**
 * The API server component: store-backed registries for every built-in
 * resource, admission, the watch cache, discovery, OpenAPI and the HTTPS
 * listener, plus first-start bootstrap and periodic compaction.
 */
import os from "node:os";
import type { TLSSocket } from "node:tls";
import { builtinResources } from "../api/index.js";
import type { Allocator, KubeObject, RegistryServices, ResourceDefinition } from "../api/types.js";
import type { Store } from "../storage/store.js";
import type { Clock } from "../util/clock.js";
import { createAdmissionChain } from "./admission/types.js";
import { createNamespaceLifecycle } from "./admission/namespace-lifecycle.js";
import { firstServiceIP, nodePortAllocator, serviceIPAllocator, type PersistedAllocator } from "./allocators/allocator.js";
import { createClientCertificateAuthenticator } from "./authn/index.js";
import { bootstrapCluster } from "./bootstrap.js";
import { createAuthenticatedAllowAuthorizer } from "./authz/authorizer.js";
import { startHttpsServer, type RunningHttpsServer } from "./http/https-server.js";
import type { ApiRequest, ApiResponse } from "./http/types.js";
import { ApiServerCore, type OpenApiEndpoints } from "./server.js";
import type { RegistryDeps } from "./registry/types.js";
import { WatchService } from "./watch/service.js";
import { schemaServices } from "./wiring.js";

export interface ApiServerOptions {
  store: Store;
  clock: Clock;
  tls: { certPem: string; keyPem: string; caPem: string };
  /** Address to listen on; loopback by default. */
  bindAddress: string;
  port: number;
  /** The address other components and the `kubernetes` Endpoints use. */
  advertiseAddress: string;
  serviceCIDR: string;
  nodePortRange: [number, number];
  resources?: ResourceDefinition[];
  /** Objects created at first start (namespaces, RBAC defaults, ...). */
  bootstrapObjects?: KubeObject[];
  /** How often to compact the store (upstream: 5 minutes). */
  compactionIntervalMs?: number;
}

export interface RunningApiServer {
  core: ApiServerCore;
  port: number;
  url: string;
  /** Runs a request through the same pipeline as HTTPS, without sockets. */
  handle(req: ApiRequest): Promise<ApiResponse>;
  close(): Promise<void>;
}

export async function startApiServer(opts: ApiServerOptions): Promise<RunningApiServer> {
  const { store, clock } = opts;
  const resources = opts.resources ?? builtinResources;
  const allocators = {
    serviceIPs: serviceIPAllocator(store, opts.serviceCIDR),
    nodePorts: nodePortAllocator(store, opts.nodePortRange),
  } satisfies Record<string, PersistedAllocator>;
  let core: ApiServerCore | undefined;
  const authorizer = createAuthenticatedAllowAuthorizer();
  const services = (dryRun: boolean): RegistryServices => ({
    getObject: async (group, resource, namespace, name) => {
      const reg = [...core!.registries.values()].find((r) => r.def.group === group && r.def.plural === resource);
      return reg?.tryGet(namespace, name);
    },
    allocator: (name) => {
      const a = (allocators as Record<string, PersistedAllocator>)[name];
      return a ? (dryRun ? a.dryRun() : (a as Allocator)) : undefined;
    },
    options: { serviceCIDRs: [opts.serviceCIDR], nodePortRange: opts.nodePortRange },
    authorize: (attrs) => authorizer.authorize(attrs),
    rulesFor: (user, namespace) => authorizer.rulesFor(user, namespace),
  });
  const schema = await schemaServices(resources, clock);
  const deps: RegistryDeps = {
    store,
    clock,
    services,
    admission: createAdmissionChain([createNamespaceLifecycle((name) => core!.registry("", "v1", "namespaces")!.tryGet(undefined, name))]),
    unknownFields: schema.unknownFields,
    managedFields: schema.managedFields,
    patch: schema.patch,
  };
  const watch = new WatchService({ store, clock });
  let port = opts.port;
  core = new ApiServerCore({
    resources,
    deps,
    clock,
    watch,
    openapi: schema.openapi as OpenApiEndpoints | undefined,
    serverAddress: () => `${opts.advertiseAddress}:${port}`,
    readyChecks: { etcd: async () => void (await store.currentRevision()) },
  });
  await repairAllocators(core, allocators);

  const authenticator = createClientCertificateAuthenticator({ caPem: opts.tls.caPem, clock });
  const https: RunningHttpsServer = await startHttpsServer({
    host: opts.bindAddress,
    port: opts.port,
    key: opts.tls.keyPem,
    cert: opts.tls.certPem,
    clientCA: opts.tls.caPem,
    authenticate: (socket: TLSSocket, headers) => authenticator.authenticate({ socket, headers }),
    handle: (req) => core!.handle(req),
  });
  port = https.port;
  await bootstrapCluster(core, { objects: opts.bootstrapObjects ?? [], serviceIP: firstServiceIP(opts.serviceCIDR), advertiseAddress: opts.advertiseAddress, port });

  // Compact to the revision seen one interval ago, so watchers have had a whole interval to catch up.
  let previous = await store.currentRevision();
  const interval = opts.compactionIntervalMs ?? 5 * 60_000;
  const compaction =
    interval > 0
      ? clock.setInterval(() => {
          void (async () => {
            const target = previous;
            previous = await store.currentRevision();
            if (target > (await store.compactedRevision())) await store.compact(target);
          })().catch((err) => console.error("skiff apiserver: compaction failed:", err));
        }, interval)
      : { cancel: () => undefined };

  const host = opts.bindAddress === "0.0.0.0" || opts.bindAddress === "::" ? "127.0.0.1" : opts.bindAddress;
  return {
    core,
    port,
    url: `https://${host.includes(":") ? `[${host}]` : host}:${port}`,
    handle: (req) => core!.handle(req),
    close: async () => {
      compaction.cancel();
      await https.close();
      await watch.close();
    },
  };
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

export function defaultAdvertiseAddress(bindAddress: string): string {
  if (bindAddress !== "0.0.0.0" && bindAddress !== "::") return bindAddress;
  for (const addrs of Object.values(os.networkInterfaces())) {
    for (const a of addrs ?? []) if (a.family === "IPv4" && !a.internal) return a.address;
  }
  return "127.0.0.1";
}
