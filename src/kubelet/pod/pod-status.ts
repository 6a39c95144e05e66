/**
 * A pod's API status from what the runtime has (upstream's
 * generateAPIPodStatus): phase, the kubelet's conditions, container
 * statuses (regular, init and ephemeral), IPs and startTime. Conditions
 * the kubelet does not own (PodScheduled, DisruptionTarget) and qosClass
 * are kept; a terminal phase is never left.
 */
import type { Container as ContainerSpec, PodStatus } from "kubernetes-types/core/v1.js";
import type { Pod } from "../../api/core/pod-types.js";
import { rfc3339 } from "../../api/printers.js";
import type { ContainerStatus } from "../runtime/runtime.js";
import type { ProbeVerdict } from "../prober/container-probes.js";
import type { PodActions } from "./actions.js";
import { apiContainerStatus } from "./container-statuses.js";
import { ephemeralContainerStatuses } from "./ephemeral-containers.js";
import { podConditions } from "./pod-conditions.js";
import { podPhase } from "./pod-phase.js";
import type { PodRuntimeStatus } from "./runtime-status.js";

export interface PodStatusInputs {
  pod: Pod;
  status: PodRuntimeStatus;
  actions: Pick<PodActions, "backOff" | "initialized" | "terminal">;
  probes(spec: ContainerSpec, instance: ContainerStatus): ProbeVerdict;
  hostIP: string;
  now: number;
  /** Containers that could not be configured (CreateContainerConfigError), with the message. */
  configErrors?: ReadonlyMap<string, string>;
  /** Containers waiting on an image that cannot be pulled (ErrImagePull, ImagePullBackOff). */
  pullErrors?: ReadonlyMap<string, { reason: string; message: string }>;
}

/** The pod conditions the kubelet owns (upstream's PodConditionsByKubelet, less PodScheduled which it only carries). */
export const KUBELET_CONDITIONS: ReadonlySet<string> = new Set(["PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady"]);

export function computePodStatus(inp: PodStatusInputs): PodStatus {
  const { pod, status, actions } = inp;
  const spec = pod.spec ?? { containers: [] };
  const old = pod.status ?? {};
  const sandbox = status.sandboxes[0];
  const sandboxReady = sandbox?.state === "SANDBOX_READY";
  const podIP = spec.hostNetwork ? inp.hostIP : sandbox?.network.ip;

  const hasInit = (spec.initContainers ?? []).length > 0;
  const common = { status, backOff: actions.backOff, probes: inp.probes, configErrors: inp.configErrors, pullErrors: inp.pullErrors };
  const init = (spec.initContainers ?? []).map((c) => apiContainerStatus(c, { ...common, notCreatedReason: "PodInitializing" }));
  const regularReason = hasInit && !actions.initialized ? "PodInitializing" : "ContainerCreating";
  const regular = (spec.containers ?? []).map((c) => apiContainerStatus(c, { ...common, notCreatedReason: regularReason })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  // Not passed to the phase or the conditions: ephemeral containers neither keep a pod running nor make it unready.
  const ephemeral = ephemeralContainerStatuses(pod, { status, backOff: actions.backOff, configErrors: inp.configErrors, notCreatedReason: regularReason });

  const oldPhase = old.phase;
  let phase = podPhase(spec, init, regular, actions.terminal);
  if (oldPhase === "Succeeded" || oldPhase === "Failed") phase = oldPhase;
  const kept = (old.conditions ?? []).filter((c) => !KUBELET_CONDITIONS.has(c.type));
  const owned = podConditions({ spec, phase, init, regular, sandboxReady, previous: old.conditions ?? [], now: inp.now });

  const out: PodStatus = {
    ...old,
    phase,
    conditions: [...owned, ...kept],
    hostIP: inp.hostIP,
    hostIPs: [{ ip: inp.hostIP }],
    startTime: old.startTime ?? rfc3339(inp.now),
    containerStatuses: regular,
  };
  if (podIP) Object.assign(out, { podIP, podIPs: [{ ip: podIP }] });
  if (hasInit) out.initContainerStatuses = init;
  else delete out.initContainerStatuses;
  if (ephemeral.length) out.ephemeralContainerStatuses = ephemeral;
  else delete out.ephemeralContainerStatuses;
  return out;
}
