/**
 * First-start objects: system namespaces, priority classes, default RBAC
 * (from the scheme's bootstrap list) and the `kubernetes` Service with its
 * Endpoints pointing at this API server. Existing objects are left alone.
 */
import { isApiError } from "../api/errors.js";
import type { KubeObject } from "../api/types.js";
import type { ApiServerCore } from "./server.js";
import type { WriteOptions } from "./registry/types.js";

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
  advertiseAddress: string;
  port: number;
}

export async function bootstrapCluster(core: ApiServerCore, opts: BootstrapOptions): Promise<void> {
  for (const o of opts.objects) await createIfMissing(core, o);
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
}
