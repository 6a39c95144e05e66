/**
 * ServiceAccount admission (upstream's plugin/pkg/admission/serviceaccount)
 * for new pods: the `default` account when none is named; the account must
 * exist; unless automountServiceAccountToken says no (the pod's field
 * first, then the account's), a projected `kube-api-access-<5 random>`
 * volume (a token for the account, the cluster CA from the
 * kube-root-ca.crt ConfigMap, the namespace) mounted read-only at
 * /var/run/secrets/kubernetes.io/serviceaccount in every container that has
 * nothing there; the account's imagePullSecrets when the pod names none.
 *
 * One difference: upstream retries a missing `default` account for about
 * two seconds, waiting for the serviceaccount controller, then refuses the
 * pod. Skiff's API server also runs without a controller manager (tests,
 * benchmarks), so a missing `default` account is admitted; a missing
 * account named explicitly is refused with upstream's message.
 */
import { randomBytes } from "node:crypto";
import type { Container, ServiceAccount, Volume, VolumeMount } from "kubernetes-types/core/v1.js";
import { forbidden as forbiddenError } from "../../api/errors.js";
import type { KubeObject } from "../../api/types.js";
import type { Pod } from "../../api/core/pod-types.js";
import { isRecord, wellShaped, type Json } from "./shape.js";
import type { AdmissionAttributes, AdmissionPlugin } from "./types.js";

export const SERVICE_ACCOUNT_VOLUME_PREFIX = "kube-api-access-";
export const SERVICE_ACCOUNT_MOUNT_PATH = "/var/run/secrets/kubernetes.io/serviceaccount";
export const DEFAULT_SERVICE_ACCOUNT = "default";
const MIRROR_POD_ANNOTATION = "kubernetes.io/config.mirror";
/** The alphabet of generated name suffixes (upstream's utilrand.String). */
const ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789";

export type ServiceAccountGetter = (namespace: string, name: string) => Promise<(ServiceAccount & KubeObject) | undefined>;

/** The projected volume source of kube-api-access-* volumes (upstream's TokenVolumeSource). */
export function tokenVolumeSource(): NonNullable<Volume["projected"]> {
  return {
    defaultMode: 0o644,
    sources: [
      { serviceAccountToken: { path: "token", expirationSeconds: 3607 } },
      { configMap: { name: "kube-root-ca.crt", items: [{ key: "ca.crt", path: "ca.crt" }] } },
      { downwardAPI: { items: [{ path: "namespace", fieldRef: { apiVersion: "v1", fieldPath: "metadata.namespace" } }] } },
    ],
  };
}

function randomSuffix(n: number): string {
  const bytes = randomBytes(n);
  return Array.from(bytes, (b) => ALPHANUMS[b % ALPHANUMS.length]).join("");
}

const forbidden = (a: AdmissionAttributes, why: string) => forbiddenError(a.resource, a.name, why);

function shouldAutomount(sa: ServiceAccount | undefined, pod: Pod): boolean {
  return pod.spec?.automountServiceAccountToken ?? sa?.automountServiceAccountToken ?? true;
}

/** Adds the token volume and its mounts; an existing kube-api-access-* volume is reused. */
export function mountServiceAccountToken(pod: Pod, suffix: () => string = () => randomSuffix(5)): void {
  const spec = pod.spec!;
  const existing = (spec.volumes ?? []).find((v) => v.name.startsWith(SERVICE_ACCOUNT_VOLUME_PREFIX));
  const name = existing?.name ?? SERVICE_ACCOUNT_VOLUME_PREFIX + suffix();
  const mount: VolumeMount = { name, readOnly: true, mountPath: SERVICE_ACCOUNT_MOUNT_PATH };
  let needed = false;
  const addTo = (containers: Container[] | undefined) => {
    for (const c of containers ?? []) {
      if ((c.volumeMounts ?? []).some((m) => m.mountPath === SERVICE_ACCOUNT_MOUNT_PATH)) continue;
      (c.volumeMounts ??= []).push({ ...mount });
      needed = true;
    }
  };
  addTo(spec.initContainers);
  addTo(spec.containers);
  if (!existing && needed) (spec.volumes ??= []).push({ name, projected: tokenVolumeSource() });
}

/** Whether the fields this plugin changes have their JSON types (validation refuses the pod otherwise, after this plugin). */
function wellShapedPodSpec(obj: unknown): boolean {
  const spec = isRecord(obj) ? obj.spec : undefined;
  if (spec === undefined) return true;
  if (!wellShaped(spec, ["containers", "initContainers", "volumes", "imagePullSecrets"])) return false;
  const s = spec as Json;
  return [...((s.containers as unknown[]) ?? []), ...((s.initContainers as unknown[]) ?? [])].every((c) => wellShaped(c, ["volumeMounts"])) && ((s.volumes as unknown[]) ?? []).every(isRecord);
}

export function createServiceAccountAdmission(getServiceAccount: ServiceAccountGetter): AdmissionPlugin {
  const applies = (a: AdmissionAttributes) => a.operation === "CREATE" && a.resource.group === "" && a.resource.resource === "pods" && !a.subresource && !!a.object;
  const lookUp = async (a: AdmissionAttributes, name: string) => {
    const sa = await getServiceAccount(a.namespace ?? "", name);
    if (!sa && name !== DEFAULT_SERVICE_ACCOUNT) throw forbidden(a, `error looking up service account ${a.namespace}/${name}: serviceaccount "${name}" not found`);
    return sa;
  };
  return {
    name: "ServiceAccount",
    handles: applies,
    async admit(a) {
      if (!applies(a) || !wellShapedPodSpec(a.object)) return;
      const pod = a.object as Pod;
      pod.spec ??= { containers: [] };
      if (pod.metadata?.annotations?.[MIRROR_POD_ANNOTATION] !== undefined) return;
      pod.spec.serviceAccountName ||= DEFAULT_SERVICE_ACCOUNT;
      const sa = await lookUp(a, pod.spec.serviceAccountName);
      if (shouldAutomount(sa, pod)) mountServiceAccountToken(pod);
      if (!pod.spec.imagePullSecrets?.length && sa?.imagePullSecrets?.length) pod.spec.imagePullSecrets = sa.imagePullSecrets.map((s) => ({ name: s.name }));
    },
    async validate(a) {
      if (!applies(a)) return;
      const pod = a.object as Pod;
      if (pod.metadata?.annotations?.[MIRROR_POD_ANNOTATION] !== undefined) {
        if (pod.spec?.serviceAccountName) throw forbidden(a, "a mirror pod may not reference service accounts");
        if ((pod.spec?.volumes ?? []).some((v) => v.projected?.sources?.some((s) => s.serviceAccountToken))) throw forbidden(a, "a mirror pod may not use ServiceAccountToken volume projections");
        return;
      }
      if (!pod.spec?.serviceAccountName) throw forbidden(a, `no service account specified for pod ${a.namespace}/${a.name}`);
      await lookUp(a, pod.spec.serviceAccountName);
    },
  };
}
