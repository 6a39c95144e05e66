/**
 * First-start objects: system namespaces, priority classes, default RBAC
 * (from the scheme's bootstrap list) and the `kubernetes` Service with its
 * Endpoints pointing at this API server, and the default ServiceCIDR of the
 * service range. Existing objects are left alone.
 */
import { isApiError } from "../api/errors.js";
import { rfc3339 } from "../api/printers.js";
import { DEFAULT_SERVICE_CIDR_NAME } from "../api/networking/index.js";
import type { KubeObject } from "../api/types.js";
import type { ApiServerCore } from "./server.js";
import type { WriteOptions } from "./registry/types.js";
import { reconcileRbacObject } from "./authz/reconcile.js";

const SYSTEM: WriteOptions = { dryRun: false, fieldValidation: "Ignore", fieldManager: "kube-apiserver", user: { username: "system:apiserver", groups: ["system:masters"] } };

export async function createIfMissing(core: ApiServerCore, obj: KubeObject): Promise<void> {
  const [group, version] = obj.apiVersion!.includes("/") ? obj.apiVersion!.split("/") : ["", obj.apiVersion!];
  const reg = [...core.registries.values()].find((r) => r.def.group === group && r.def.version === version && r.def.kind === obj.kind);
  if (!reg) throw new Error(`bootstrap: no resource serves ${obj.apiVersion} ${obj.kind}`);
  if (await reg.tryGet(obj.metadata.namespace, obj.metadata.name!)) return;
  try {
    await reg.create(obj.metadata.namespace, structuredClone(obj), SYSTEM);
  } catch (err) {
    if (!isApiError(err, "AlreadyExists")) throw err;
  }
}

export interface BootstrapOptions {
  objects: KubeObject[];
  serviceIP: string;
  /** --service-cluster-ip-range: the default ServiceCIDR's ranges, primary first. */
  serviceCIDRs?: string[];
  advertiseAddress: string;
  port: number;
}

export async function bootstrapCluster(core: ApiServerCore, opts: BootstrapOptions): Promise<void> {
  for (const o of opts.objects) {
    // The default RBAC policy is reconciled at every start, not only created.
    const rbac = o.apiVersion === "rbac.authorization.k8s.io/v1" && core.registry("rbac.authorization.k8s.io", "v1", `${o.kind!.toLowerCase()}s`);
    if (rbac) await reconcileRbacObject(rbac, o, SYSTEM);
    else await createIfMissing(core, o);
  }
  if (opts.serviceCIDRs?.length) await ensureDefaultServiceCIDR(core, opts.serviceCIDRs);
  await createIfMissing(core, {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "kubernetes", namespace: "default", labels: { component: "apiserver", provider: "kubernetes" } },
    spec: { type: "ClusterIP", clusterIP: opts.serviceIP, sessionAffinity: "None", ports: [{ name: "https", port: 443, protocol: "TCP", targetPort: opts.port }] },
  });
  const endpoints: KubeObject = {
    apiVersion: "v1",
    kind: "Endpoints",
    metadata: { name: "kubernetes", namespace: "default", labels: { "endpointslice.kubernetes.io/skip-mirror": "true" } },
    subsets: [{ addresses: [{ ip: opts.advertiseAddress }], ports: [{ name: "https", port: opts.port, protocol: "TCP" }] }],
  };
  const reg = core.registry("", "v1", "endpoints");
  if (!reg) return;
  const existing = await reg.tryGet("default", "kubernetes");
  if (!existing) await createIfMissing(core, endpoints);
  else await reg.mutate("default", "kubernetes", (cur) => ({ ...cur, subsets: endpoints.subsets }), SYSTEM);
  await reconcileKubernetesSlice(core, opts);
}

/**
 * The `kubernetes` EndpointSlice, written beside the Endpoints as upstream's
 * endpoints adapter does (the Service has no selector, and the Endpoints are
 * marked skip-mirror, so no controller writes it): what kube-proxy reads.
 */
async function reconcileKubernetesSlice(core: ApiServerCore, opts: BootstrapOptions): Promise<void> {
  const reg = core.registry("discovery.k8s.io", "v1", "endpointslices");
  if (!reg) return;
  const addressType = opts.advertiseAddress.includes(":") ? "IPv6" : "IPv4";
  const desired = {
    addressType,
    endpoints: [{ addresses: [opts.advertiseAddress], conditions: { ready: true } }],
    ports: [{ name: "https", port: opts.port, protocol: "TCP" }],
  };
  const existing = await reg.tryGet("default", "kubernetes");
  if (!existing) await createIfMissing(core, { apiVersion: "discovery.k8s.io/v1", kind: "EndpointSlice", metadata: { name: "kubernetes", namespace: "default", labels: { "kubernetes.io/service-name": "kubernetes" } }, ...desired });
  else await reg.mutate("default", "kubernetes", (cur) => ({ ...cur, ...desired }), SYSTEM);
}

/**
 * Upstream's default ServiceCIDR controller, run once at start: creates the
 * `kubernetes` ServiceCIDR from the service range, and marks it Ready when
 * it has no Ready condition yet and still holds exactly that range.
 */
export async function ensureDefaultServiceCIDR(core: ApiServerCore, cidrs: string[]): Promise<void> {
  const reg = core.registry("networking.k8s.io", "v1", "servicecidrs");
  if (!reg) return;
  await createIfMissing(core, { apiVersion: "networking.k8s.io/v1", kind: "ServiceCIDR", metadata: { name: DEFAULT_SERVICE_CIDR_NAME }, spec: { cidrs } });
  const current = await reg.get(undefined, DEFAULT_SERVICE_CIDR_NAME);
  const status = current.status as { conditions?: { type: string }[] } | undefined;
  if (current.metadata.deletionTimestamp || status?.conditions?.some((c) => c.type === "Ready")) return;
  if (JSON.stringify((current.spec as { cidrs?: string[] } | undefined)?.cidrs ?? []) !== JSON.stringify(cidrs)) return;
  const ready = { type: "Ready", status: "True", lastTransitionTime: rfc3339(reg.deps.clock.now()), reason: "", message: "Kubernetes default Service CIDR is ready" };
  await reg.mutate(undefined, DEFAULT_SERVICE_CIDR_NAME, (cur) => ({ ...cur, status: { conditions: [ready] } }), { ...SYSTEM, fieldManager: "kubernetes-service-cidr-controller", subresource: "status" });
}
