/**
 * The pods a Job creates: its template, owned by the Job, carrying the
 * tracking finalizer and, for Indexed Jobs, the completion index as
 * annotation, label, hostname and JOB_COMPLETION_INDEX env var.
 */
import type { Container } from "kubernetes-types/core/v1.js";
import type { JobObject } from "../../api/batch/jobs.js";
import type { PodObject } from "../../api/core/pod-types.js";

export const JOB_TRACKING_FINALIZER = "batch.kubernetes.io/job-tracking";
export const COMPLETION_INDEX_ANNOTATION = "batch.kubernetes.io/job-completion-index";
export const COMPLETION_INDEX_LABEL = "batch.kubernetes.io/job-completion-index";
export const COMPLETION_INDEX_ENV = "JOB_COMPLETION_INDEX";

function withIndexEnv(c: Container): Container {
  if (c.env?.some((e) => e.name === COMPLETION_INDEX_ENV)) return c;
  const env = [...(c.env ?? []), { name: COMPLETION_INDEX_ENV, valueFrom: { fieldRef: { fieldPath: `metadata.annotations['${COMPLETION_INDEX_ANNOTATION}']` } } }];
  return { ...c, env };
}

/** A new pod for job; index is set for Indexed Jobs. */
export function newJobPod(job: JobObject, index?: number): PodObject {
  const tmpl = structuredClone(job.spec?.template ?? {});
  const name = job.metadata.name ?? "";
  const meta = tmpl.metadata ?? {};
  const pod: PodObject = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      generateName: index === undefined ? `${name}-` : `${name}-${index}-`,
      namespace: job.metadata.namespace,
      labels: { ...(meta.labels ?? {}) },
      annotations: { ...(meta.annotations ?? {}) },
      finalizers: [...(meta.finalizers ?? []), JOB_TRACKING_FINALIZER],
      ownerReferences: [{ apiVersion: "batch/v1", kind: "Job", name, uid: job.metadata.uid ?? "", controller: true, blockOwnerDeletion: true }],
    },
    spec: tmpl.spec ?? { containers: [] },
  };
  if (index !== undefined) {
    pod.metadata.annotations![COMPLETION_INDEX_ANNOTATION] = String(index);
    pod.metadata.labels![COMPLETION_INDEX_LABEL] = String(index);
    const spec = pod.spec!;
    spec.hostname ||= `${name}-${index}`;
    spec.containers = spec.containers.map(withIndexEnv);
    if (spec.initContainers) spec.initContainers = spec.initContainers.map(withIndexEnv);
  }
  return pod;
}

/** The completion index a pod was created for, if valid. */
export function podIndex(pod: PodObject, completions: number): number | undefined {
  const v = pod.metadata.annotations?.[COMPLETION_INDEX_ANNOTATION];
  if (v === undefined || !/^\d+$/.test(v)) return undefined;
  const n = Number(v);
  return n < completions ? n : undefined;
}
