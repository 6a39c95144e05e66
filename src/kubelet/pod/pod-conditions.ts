/**
 * The kubelet's pod conditions (upstream's status generators), in the order
 * upstream writes them: PodReadyToStartContainers, Initialized, Ready,
 * ContainersReady. lastTransitionTime moves only when the status changes.
 */
import type { ContainerStatus, PodCondition, PodSpec } from "kubernetes-types/core/v1.js";
import { rfc3339 } from "../../api/printers.js";
import { isSidecar } from "./actions.js";
import type { PodPhase } from "./pod-phase.js";

export interface ConditionInputs {
  spec: PodSpec;
  phase: PodPhase;
  init: ContainerStatus[];
  regular: ContainerStatus[];
  sandboxReady: boolean;
  previous: PodCondition[];
  now: number;
}

const list = (names: string[]) => `[${names.join(" ")}]`;

export function podConditions(inp: ConditionInputs): PodCondition[] {
  const { spec, phase, init, regular } = inp;
  const find = (l: ContainerStatus[], n: string) => l.find((s) => s.name === n);
  const conds: Omit<PodCondition, "lastTransitionTime">[] = [];
  conds.push({ type: "PodReadyToStartContainers", status: inp.sandboxReady ? "True" : "False" });

  // Initialized
  const anyRegularStarted = regular.some((s) => s.state?.running || s.state?.terminated || s.lastState?.terminated);
  const incomplete: string[] = [];
  for (const c of spec.initContainers ?? []) {
    const s = find(init, c.name);
    if (isSidecar(c) ? !s?.started : s?.state?.terminated?.exitCode !== 0) incomplete.push(c.name);
  }
  if (phase === "Succeeded") conds.push({ type: "Initialized", status: "True", reason: "PodCompleted" });
  else if (anyRegularStarted || incomplete.length === 0) conds.push({ type: "Initialized", status: "True" });
  else conds.push({ type: "Initialized", status: "False", reason: "ContainersNotInitialized", message: `containers with incomplete status: ${list(incomplete)}` });

  // ContainersReady, and Ready from it
  let ready: Omit<PodCondition, "lastTransitionTime" | "type">;
  if (phase === "Succeeded") ready = { status: "False", reason: "PodCompleted" };
  else if (phase === "Failed") ready = { status: "False", reason: "PodFailed" };
  else {
    const unready: string[] = [];
    for (const c of spec.initContainers ?? []) if (isSidecar(c) && !find(init, c.name)?.ready) unready.push(c.name);
    for (const c of spec.containers ?? []) if (!find(regular, c.name)?.ready) unready.push(c.name);
    ready = unready.length ? { status: "False", reason: "ContainersNotReady", message: `containers with unready status: ${list(unready)}` } : { status: "True" };
  }
  conds.push({ type: "Ready", ...ready });
  conds.push({ type: "ContainersReady", ...ready });

  return conds.map((c) => {
    const old = inp.previous.find((p) => p.type === c.type);
    const lastTransitionTime = old && old.status === c.status && old.lastTransitionTime ? old.lastTransitionTime : rfc3339(inp.now);
    return { ...c, lastProbeTime: null, lastTransitionTime } as unknown as PodCondition;
  });
}
