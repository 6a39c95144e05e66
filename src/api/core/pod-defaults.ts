/**
 * Defaulting of pods and pod templates, as upstream's core/v1 defaults.go
 * (SetDefaults_PodSpec, _Container, _Probe, _Volume, ...). Pod templates get
 * the spec defaults only; SetDefaults_Pod (requests from limits, service
 * links) applies to Pods alone, as upstream.
 */
import type { Container, EphemeralContainer, LifecycleHandler, Probe, ResourceRequirements, Volume } from "kubernetes-types/core/v1.js";
import type { Pod, PodSpec, PodTemplateSpec } from "./pod-types.js";
import { canonicalizeResourceList, tryParseQuantity } from "../validation/core-quantity.js";

type AnyContainer = Container | EphemeralContainer;

/** Registry of every volume source a Volume may carry; a volume with none becomes an emptyDir. */
export const VOLUME_SOURCES = [
  "hostPath", "emptyDir", "gcePersistentDisk", "awsElasticBlockStore", "gitRepo", "secret", "nfs", "iscsi", "glusterfs",
  "persistentVolumeClaim", "rbd", "flexVolume", "cinder", "cephfs", "flocker", "downwardAPI", "fc", "azureFile", "configMap",
  "vsphereVolume", "quobyte", "azureDisk", "photonPersistentDisk", "projected", "portworxVolume", "scaleIO", "storageos", "csi",
  "ephemeral", "image",
] as const;

const DEFAULT_MODE = 0o644;

/** The tag ParseImageName finds: "latest" when the reference names neither tag nor digest. */
export function imageTag(image: string): string {
  if (image.includes("@")) {
    const beforeDigest = image.slice(0, image.indexOf("@"));
    return tagOf(beforeDigest) ?? "";
  }
  return tagOf(image) ?? "latest";
}

function tagOf(ref: string): string | undefined {
  const lastSlash = ref.lastIndexOf("/");
  const colon = ref.indexOf(":", lastSlash + 1);
  return colon >= 0 ? ref.slice(colon + 1) : undefined;
}

function defaultHandler(h: LifecycleHandler | Probe | undefined): void {
  if (!h?.httpGet) return;
  h.httpGet.path ??= "/";
  h.httpGet.scheme ??= "HTTP";
}

function defaultProbe(p: Probe | undefined): void {
  if (!p) return;
  p.timeoutSeconds ??= 1;
  p.periodSeconds ??= 10;
  p.successThreshold ??= 1;
  p.failureThreshold ??= 3;
  defaultHandler(p);
}

function canonicalResources(r: ResourceRequirements | undefined): void {
  canonicalizeResourceList(r?.limits);
  canonicalizeResourceList(r?.requests);
}

export function setContainerDefaults(c: AnyContainer): void {
  if (!c.imagePullPolicy) c.imagePullPolicy = imageTag(c.image ?? "") === "latest" ? "Always" : "IfNotPresent";
  c.terminationMessagePath ||= "/dev/termination-log";
  c.terminationMessagePolicy ||= "File";
  for (const p of c.ports ?? []) p.protocol ||= "TCP";
  for (const e of c.env ?? []) if (e.valueFrom?.fieldRef) e.valueFrom.fieldRef.apiVersion ||= "v1";
  defaultProbe(c.livenessProbe);
  defaultProbe(c.readinessProbe);
  defaultProbe(c.startupProbe);
  defaultHandler(c.lifecycle?.postStart);
  defaultHandler(c.lifecycle?.preStop);
  // Go always serialises this struct, so upstream objects show `resources: {}`.
  c.resources ??= {};
  canonicalResources(c.resources);
}

export function setVolumeDefaults(v: Volume): void {
  const rec = v as unknown as Record<string, unknown>;
  if (!VOLUME_SOURCES.some((s) => rec[s] !== undefined && rec[s] !== null)) v.emptyDir = {};
  if (v.secret) v.secret.defaultMode ??= DEFAULT_MODE;
  if (v.configMap) v.configMap.defaultMode ??= DEFAULT_MODE;
  if (v.downwardAPI) {
    v.downwardAPI.defaultMode ??= DEFAULT_MODE;
    for (const item of v.downwardAPI.items ?? []) if (item.fieldRef) item.fieldRef.apiVersion ||= "v1";
  }
  if (v.projected) {
    v.projected.defaultMode ??= DEFAULT_MODE;
    for (const src of v.projected.sources ?? []) {
      if (src.serviceAccountToken) src.serviceAccountToken.expirationSeconds ??= 3600;
      for (const item of src.downwardAPI?.items ?? []) if (item.fieldRef) item.fieldRef.apiVersion ||= "v1";
    }
  }
  if (v.hostPath) v.hostPath.type ??= "";
  const sizeLimit = v.emptyDir?.sizeLimit === undefined ? undefined : tryParseQuantity(v.emptyDir.sizeLimit);
  if (sizeLimit) v.emptyDir!.sizeLimit = sizeLimit.toString();
}

/** The conversion to v1 keeps the deprecated serviceAccount in step with serviceAccountName. */
function syncServiceAccount(spec: PodSpec): void {
  if (!spec.serviceAccountName && spec.serviceAccount) spec.serviceAccountName = spec.serviceAccount;
  if (spec.serviceAccountName) spec.serviceAccount = spec.serviceAccountName;
}

/** Host-network pods expose container ports on the host: hostPort defaults to containerPort. */
function defaultHostNetworkPorts(containers: Container[] | undefined): void {
  for (const c of containers ?? []) for (const p of c.ports ?? []) if (!p.hostPort) p.hostPort = p.containerPort;
}

export function setPodSpecDefaults(spec: PodSpec): void {
  spec.dnsPolicy ||= "ClusterFirst";
  spec.restartPolicy ||= "Always";
  spec.securityContext ??= {};
  spec.terminationGracePeriodSeconds ??= 30;
  spec.schedulerName ||= "default-scheduler";
  syncServiceAccount(spec);
  for (const c of spec.containers ?? []) setContainerDefaults(c);
  for (const c of spec.initContainers ?? []) setContainerDefaults(c);
  for (const c of spec.ephemeralContainers ?? []) setContainerDefaults(c);
  for (const v of spec.volumes ?? []) setVolumeDefaults(v);
  canonicalResources(spec.resources);
}

export function setPodTemplateDefaults(template: PodTemplateSpec | undefined): void {
  if (!template) return;
  template.spec ??= { containers: [] };
  setPodSpecDefaults(template.spec);
}

/** Requests default to limits for any resource with a limit and no request (Pods only). */
function requestsFromLimits(containers: Container[] | undefined): void {
  for (const c of containers ?? []) {
    const limits = c.resources?.limits;
    if (!limits) continue;
    const requests = (c.resources!.requests ??= {});
    for (const [k, v] of Object.entries(limits)) if (!(k in requests)) requests[k] = v;
  }
}

export function setPodDefaults(pod: Pod): void {
  pod.spec ??= { containers: [] };
  const spec = pod.spec;
  setPodSpecDefaults(spec);
  requestsFromLimits(spec.containers);
  requestsFromLimits(spec.initContainers);
  if (spec.resources?.limits) {
    const requests = (spec.resources.requests ??= {});
    for (const [k, v] of Object.entries(spec.resources.limits)) if (!(k in requests)) requests[k] = v;
  }
  spec.enableServiceLinks ??= true;
  // Templates keep their ports as written; only Pods get host ports filled in.
  if (spec.hostNetwork) {
    defaultHostNetworkPorts(spec.containers);
    defaultHostNetworkPorts(spec.initContainers);
  }
}
