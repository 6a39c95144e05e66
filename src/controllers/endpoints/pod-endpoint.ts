/**
 * What the endpoints and EndpointSlice controllers agree on about a pod:
 * whether it belongs behind a Service at all, whether it is ready, and
 * which container port a Service port's targetPort names.
 */
import type { Pod, Service, ServicePort } from "kubernetes-types/core/v1.js";
import { formatTime } from "../../util/time.js";
import { keyOf, type Informer, type KubeObject, type WorkQueue } from "../../client/types.js";

type ServiceObject = Service & KubeObject;
type PodObject = Pod & KubeObject;

/** podutil.IsPodReady: the Ready condition is True. */
export function isPodReady(pod: Pod): boolean {
  return pod.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ?? false;
}

/**
 * endpointsliceutil.ShouldPodBeInEndpoints: the pod has an IP and is not
 * done (a terminal pod never runs again under its restart policy).
 * Terminating pods are included only when includeTerminating.
 */
export function shouldPodBeInEndpoints(pod: Pod, includeTerminating: boolean): boolean {
  const phase = pod.status?.phase;
  if (phase === "Failed" || phase === "Succeeded") return false;
  if (!pod.status?.podIP) return false;
  if (!includeTerminating && pod.metadata?.deletionTimestamp) return false;
  return true;
}

/** The port a Service port reaches on this pod (podutil.FindPort), or undefined if the named port is missing. */
export function findPort(pod: Pod, sp: ServicePort): number | undefined {
  const target = sp.targetPort ?? sp.port;
  if (typeof target === "number") return target;
  if (/^\d+$/.test(target)) return Number(target);
  const protocol = sp.protocol ?? "TCP";
  for (const c of pod.spec?.containers ?? []) {
    for (const p of c.ports ?? []) if (p.name === target && (p.protocol ?? "TCP") === protocol) return p.containerPort;
  }
  return undefined;
}

/** Pods the Service selects (services without a selector are left to their owner). */
export function selectsPod(service: Service, pod: Pod): boolean {
  const sel = service.spec?.selector;
  if (!sel) return false;
  const labels = pod.metadata?.labels ?? {};
  return Object.entries(sel).every(([k, v]) => labels[k] === v);
}

/** time.RFC3339Nano as Go prints it: fractional seconds without trailing zeros. */
export function rfc3339Nano(ms: number): string {
  return formatTime(ms);
}

/**
 * The last-change trigger time (endpoints.kubernetes.io/last-change-trigger-time):
 * the latest change of the Service or any of its pods the controller can
 * see (creation, readiness transition, deletion).
 */
export function lastChangeTriggerTime(service: Service, pods: Pod[]): string | undefined {
  let latest = Date.parse(service.metadata?.creationTimestamp ?? "") || 0;
  for (const p of pods) {
    const times = [p.metadata?.creationTimestamp, p.metadata?.deletionTimestamp, ...(p.status?.conditions ?? []).filter((c) => c.type === "Ready").map((c) => c.lastTransitionTime)];
    for (const t of times) latest = Math.max(latest, Date.parse(t ?? "") || 0);
  }
  return latest ? rfc3339Nano(latest) : undefined;
}

/**
 * Queues a Service whenever it or a pod it selects changes (a label change
 * queues the Services of both the old and the new labels), as both the
 * Endpoints and the EndpointSlice controllers need.
 */
export function queueServicesOnChange(services: Informer<ServiceObject>, pods: Informer<PodObject>, queue: WorkQueue<string>): (pod: PodObject) => void {
  const enqueueServicesOf = (pod: PodObject) => {
    for (const s of services.lister.list(pod.metadata.namespace)) if (selectsPod(s, pod)) queue.add(keyOf(s));
  };
  services.addEventHandler({ onAdd: (s) => queue.add(keyOf(s)), onUpdate: (_o, s) => queue.add(keyOf(s)), onDelete: (s) => queue.add(keyOf(s)) });
  pods.addEventHandler({
    onAdd: enqueueServicesOf,
    onUpdate: (o, p) => {
      enqueueServicesOf(p);
      if (o.metadata.labels !== p.metadata.labels) enqueueServicesOf(o);
    },
    onDelete: enqueueServicesOf,
  });
  return enqueueServicesOf;
}
