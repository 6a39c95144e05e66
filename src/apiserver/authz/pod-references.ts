/**
 * The API objects a pod refers to by name, as upstream's podutil visitors
 * (VisitPodSecretNames, VisitPodConfigmapNames) find them: in every
 * container (init and ephemeral too), in volumes and image pull secrets.
 */
import type { Container, EphemeralContainer, Volume } from "kubernetes-types/core/v1.js";
import type { Pod } from "../../api/core/pod-types.js";

type AnyContainer = Container | EphemeralContainer;

function containersOf(pod: Pod): AnyContainer[] {
  const spec = pod.spec;
  return [...(spec?.initContainers ?? []), ...(spec?.containers ?? []), ...(spec?.ephemeralContainers ?? [])];
}

function volumeSecretNames(v: Volume): (string | undefined)[] {
  return [
    v.secret?.secretName,
    ...(v.projected?.sources ?? []).map((s) => s.secret?.name),
    v.azureFile?.secretName,
    v.cephfs?.secretRef?.name,
    v.cinder?.secretRef?.name,
    v.flexVolume?.secretRef?.name,
    v.iscsi?.secretRef?.name,
    v.rbd?.secretRef?.name,
    v.scaleIO?.secretRef?.name,
    v.storageos?.secretRef?.name,
    v.csi?.nodePublishSecretRef?.name,
  ];
}

const present = (names: (string | undefined)[]): Set<string> => new Set(names.filter((n): n is string => !!n));

/** Secrets the pod names: image pull secrets, env and envFrom, volumes. */
export function podSecretNames(pod: Pod): Set<string> {
  const names: (string | undefined)[] = (pod.spec?.imagePullSecrets ?? []).map((s) => s.name);
  for (const c of containersOf(pod)) {
    for (const e of c.envFrom ?? []) names.push(e.secretRef?.name);
    for (const e of c.env ?? []) names.push(e.valueFrom?.secretKeyRef?.name);
  }
  for (const v of pod.spec?.volumes ?? []) names.push(...volumeSecretNames(v));
  return present(names);
}

/** ConfigMaps the pod names: env and envFrom, configMap and projected volumes. */
export function podConfigMapNames(pod: Pod): Set<string> {
  const names: (string | undefined)[] = [];
  for (const c of containersOf(pod)) {
    for (const e of c.envFrom ?? []) names.push(e.configMapRef?.name);
    for (const e of c.env ?? []) names.push(e.valueFrom?.configMapKeyRef?.name);
  }
  for (const v of pod.spec?.volumes ?? []) {
    names.push(v.configMap?.name);
    for (const s of v.projected?.sources ?? []) names.push(s.configMap?.name);
  }
  return present(names);
}

/** Claims the pod mounts: persistentVolumeClaim volumes and the `<pod>-<volume>` claims of ephemeral volumes. */
export function podClaimNames(pod: Pod): Set<string> {
  const names: (string | undefined)[] = [];
  for (const v of pod.spec?.volumes ?? []) {
    names.push(v.persistentVolumeClaim?.claimName);
    if (v.ephemeral) names.push(`${pod.metadata?.name}-${v.name}`);
  }
  return present(names);
}

/** ResourceClaims the pod uses: named in its spec, or generated and recorded in its status. */
export function podResourceClaimNames(pod: Pod): Set<string> {
  const spec = pod.spec as { resourceClaims?: { resourceClaimName?: string }[] } | undefined;
  const status = pod.status as { resourceClaimStatuses?: { resourceClaimName?: string }[] } | undefined;
  return present([...(spec?.resourceClaims ?? []).map((c) => c.resourceClaimName), ...(status?.resourceClaimStatuses ?? []).map((c) => c.resourceClaimName)]);
}
