/**
 * A StatefulSet pod's stable identity: name `<set>-<ordinal>`, the
 * pod-name and pod-index labels, hostname and subdomain, and its claims
 * `<claim>-<set>-<ordinal>` (upstream's stateful_set_utils).
 */
import type { PersistentVolumeClaim, Volume } from "kubernetes-types/core/v1.js";
import type { StatefulSetObject } from "../../api/apps/statefulsets.js";
import type { PodTemplateSpec } from "../../api/core/pod-types.js";
import type { KubeObject } from "../../api/types.js";
import { POD_REVISION_LABEL } from "../history/revision.js";
import type { PodObject } from "../shared/index.js";

export const POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name";
export const POD_INDEX_LABEL = "apps.kubernetes.io/pod-index";

export type ClaimObject = PersistentVolumeClaim & KubeObject;

/** The ordinal in `<set>-<ordinal>`, or -1 when pod is not named after set. */
export function ordinalOf(set: StatefulSetObject, pod: PodObject): number {
  const prefix = `${set.metadata.name}-`;
  const name = pod.metadata.name ?? "";
  if (!name.startsWith(prefix)) return -1;
  const rest = name.slice(prefix.length);
  return /^(0|[1-9]\d*)$/.test(rest) ? Number(rest) : -1;
}

export function podName(set: StatefulSetObject, ordinal: number): string {
  return `${set.metadata.name}-${ordinal}`;
}

export function claimName(claim: string, set: StatefulSetObject, ordinal: number): string {
  return `${claim}-${podName(set, ordinal)}`;
}

/** The claims pod `ordinal` needs, from the volumeClaimTemplates. */
export function claimsFor(set: StatefulSetObject, ordinal: number): ClaimObject[] {
  return (set.spec?.volumeClaimTemplates ?? []).map((t) => {
    const c = structuredClone(t) as ClaimObject;
    return {
      apiVersion: "v1",
      kind: "PersistentVolumeClaim",
      metadata: {
        name: claimName(t.metadata?.name ?? "", set, ordinal),
        namespace: set.metadata.namespace,
        labels: { ...(t.metadata?.labels ?? {}), ...(set.spec?.selector.matchLabels ?? {}) },
        annotations: t.metadata?.annotations,
      },
      spec: c.spec,
    };
  });
}

/** Whether the pod carries the identity its ordinal implies (identityMatches). */
export function identityMatches(set: StatefulSetObject, pod: PodObject, ordinal: number): boolean {
  const l = pod.metadata.labels ?? {};
  return (
    pod.metadata.name === podName(set, ordinal) &&
    pod.metadata.namespace === set.metadata.namespace &&
    l[POD_NAME_LABEL] === pod.metadata.name &&
    l[POD_INDEX_LABEL] === String(ordinal)
  );
}

/** A new pod for ordinal from template (newVersionedStatefulSetPod). */
export function newStatefulSetPod(set: StatefulSetObject, template: PodTemplateSpec, ordinal: number, revision: string): PodObject {
  const name = podName(set, ordinal);
  const meta = template.metadata ?? {};
  const spec = structuredClone(template.spec ?? { containers: [] });
  const claimVolumes: Volume[] = (set.spec?.volumeClaimTemplates ?? []).map((t) => ({
    name: t.metadata?.name ?? "",
    persistentVolumeClaim: { claimName: claimName(t.metadata?.name ?? "", set, ordinal) },
  }));
  const claimed = new Set(claimVolumes.map((v) => v.name));
  if (claimVolumes.length) spec.volumes = [...(spec.volumes ?? []).filter((v) => !claimed.has(v.name)), ...claimVolumes];
  spec.hostname = name;
  spec.subdomain = set.spec?.serviceName || undefined;
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name,
      namespace: set.metadata.namespace,
      labels: { ...(meta.labels ?? {}), [POD_NAME_LABEL]: name, [POD_INDEX_LABEL]: String(ordinal), [POD_REVISION_LABEL]: revision },
      annotations: meta.annotations ? { ...meta.annotations } : undefined,
      ownerReferences: [{ apiVersion: "apps/v1", kind: "StatefulSet", name: set.metadata.name ?? "", uid: set.metadata.uid ?? "", controller: true, blockOwnerDeletion: true }],
    },
    spec,
  };
}

/** The revision data a StatefulSet's template is stored as (getPatch): the template, replacing. */
export function revisionData(set: StatefulSetObject): unknown {
  return { spec: { template: { ...structuredClone(set.spec?.template ?? {}), $patch: "replace" } } };
}

/** The template a revision holds. */
export function templateOf(data: unknown): PodTemplateSpec {
  const t = structuredClone((data as { spec?: { template?: PodTemplateSpec & { $patch?: string } } })?.spec?.template ?? {});
  delete t.$patch;
  return t;
}
