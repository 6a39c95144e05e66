/**
 * The pod table, as upstream's printPod: READY, STATUS (with its reason
 * logic: Init:x/y, CrashLoopBackOff, Completed, Terminating, ...), RESTARTS
 * with "(Xm ago)", AGE; wide: IP, NODE, NOMINATED NODE, READINESS GATES.
 */
import type { Container, ContainerStatus, PodCondition } from "kubernetes-types/core/v1.js";
import type { TableColumn } from "../types.js";
import type { Pod, PodObject } from "./pod-types.js";
import { age, ageColumn } from "../printers.js";

/** What the default columns show of a pod. */
export interface PodSummary {
  ready: string;
  status: string;
  restarts: string;
}

const isSidecar = (c: Container | undefined) => c?.restartPolicy === "Always";
const hasCondition = (conds: PodCondition[] | undefined, type: string) => (conds ?? []).some((c) => c.type === type && c.status === "True");

function finishedAt(s: ContainerStatus): number | undefined {
  const t = s.lastState?.terminated?.finishedAt;
  const ms = t ? Date.parse(t) : NaN;
  return Number.isNaN(ms) ? undefined : ms;
}

export function summarizePod(pod: Pod, now: number): PodSummary {
  const spec = pod.spec ?? { containers: [] };
  const status = pod.status ?? {};
  const initSpecs = new Map((spec.initContainers ?? []).map((c) => [c.name, c]));
  const total = (spec.containers ?? []).length + (spec.initContainers ?? []).filter(isSidecar).length;
  let ready = 0;
  let restarts = 0;
  let sidecarRestarts = 0;
  let lastRestart: number | undefined;
  let lastSidecarRestart: number | undefined;
  const later = (a: number | undefined, b: number | undefined) => (b === undefined ? a : a === undefined || b > a ? b : a);

  let reason = status.reason || status.phase || "";
  if ((status.conditions ?? []).some((c) => c.type === "PodScheduled" && c.reason === "SchedulingGated")) reason = "SchedulingGated";

  let initializing = false;
  const initStatuses = status.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const c = initStatuses[i];
    restarts += c.restartCount ?? 0;
    lastRestart = later(lastRestart, finishedAt(c));
    const sidecar = isSidecar(initSpecs.get(c.name));
    if (sidecar) {
      sidecarRestarts += c.restartCount ?? 0;
      lastSidecarRestart = later(lastSidecarRestart, finishedAt(c));
    }
    const term = c.state?.terminated;
    if (term && term.exitCode === 0) continue;
    if (sidecar && c.started) {
      if (c.ready) ready++;
      continue;
    }
    if (term) {
      reason = term.reason ? `Init:${term.reason}` : term.signal ? `Init:Signal:${term.signal}` : `Init:ExitCode:${term.exitCode}`;
    } else if (c.state?.waiting?.reason && c.state.waiting.reason !== "PodInitializing") {
      reason = `Init:${c.state.waiting.reason}`;
    } else {
      reason = `Init:${i}/${(spec.initContainers ?? []).length}`;
    }
    initializing = true;
    break;
  }

  if (!initializing || hasCondition(status.conditions, "Initialized")) {
    restarts = sidecarRestarts;
    lastRestart = lastSidecarRestart;
    let hasRunning = false;
    const statuses = status.containerStatuses ?? [];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const c = statuses[i];
      restarts += c.restartCount ?? 0;
      lastRestart = later(lastRestart, finishedAt(c));
      const term = c.state?.terminated;
      if (c.state?.waiting?.reason) reason = c.state.waiting.reason;
      else if (term?.reason) reason = term.reason;
      else if (term) reason = term.signal ? `Signal:${term.signal}` : `ExitCode:${term.exitCode}`;
      else if (c.ready && c.state?.running) {
        hasRunning = true;
        ready++;
      }
    }
    if (reason === "Completed" && hasRunning) reason = hasCondition(status.conditions, "Ready") ? "Running" : "NotReady";
  }

  const terminal = status.phase === "Succeeded" || status.phase === "Failed";
  if (pod.metadata?.deletionTimestamp && status.reason === "NodeLost") reason = "Unknown";
  else if (pod.metadata?.deletionTimestamp && !terminal) reason = "Terminating";

  const restartText = restarts !== 0 && lastRestart !== undefined ? `${restarts} (${age(new Date(lastRestart).toISOString(), now)} ago)` : String(restarts);
  return { ready: `${ready}/${total}`, status: reason, restarts: restartText };
}

// Each cell asks for the same summary; compute it once per object and time.
const cache = new WeakMap<object, { now: number; summary: PodSummary }>();
function summary(pod: PodObject, now: number): PodSummary {
  const hit = cache.get(pod);
  if (hit && hit.now === now) return hit.summary;
  const s = summarizePod(pod, now);
  cache.set(pod, { now, summary: s });
  return s;
}

function readinessGates(pod: Pod): string {
  const gates = pod.spec?.readinessGates ?? [];
  if (!gates.length) return "<none>";
  const conds = pod.status?.conditions ?? [];
  const trueCount = gates.filter((g) => conds.find((c) => c.type === g.conditionType)?.status === "True").length;
  return `${trueCount}/${gates.length}`;
}

export const podColumns: TableColumn<PodObject>[] = [
  { name: "Ready", type: "string", description: "The aggregate readiness state of this pod for accepting traffic.", cell: (p, ctx) => summary(p, ctx.now).ready },
  { name: "Status", type: "string", description: "The aggregate status of the containers in this pod.", cell: (p, ctx) => summary(p, ctx.now).status },
  {
    name: "Restarts",
    type: "string",
    description: "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.",
    cell: (p, ctx) => summary(p, ctx.now).restarts,
  },
  ageColumn(),
  { name: "IP", type: "string", priority: 1, description: "podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.", cell: (p) => p.status?.podIPs?.[0]?.ip || "<none>" },
  { name: "Node", type: "string", priority: 1, description: "NodeName indicates in which node this pod is scheduled.", cell: (p) => p.spec?.nodeName || "<none>" },
  { name: "Nominated Node", type: "string", priority: 1, description: "nominatedNodeName is set only when this pod preempts other pods on the node.", cell: (p) => p.status?.nominatedNodeName || "<none>" },
  { name: "Readiness Gates", type: "string", priority: 1, description: "If specified, all readiness gates will be evaluated for pod readiness.", cell: (p) => readinessGates(p) },
];
