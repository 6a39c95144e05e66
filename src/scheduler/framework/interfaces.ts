/**
 * One interface per extension point of a scheduling cycle, as upstream's
 * framework. A plugin implements any subset; the framework calls them in
 * profile order. Allowed outcomes:
 *
 *   PreFilter   Success | Skip (its Filter is not run for this pod) |
 *               Unschedulable* (every node gets this status) | Error
 *   Filter      Success | Unschedulable (preemption may help) |
 *               UnschedulableAndUnresolvable (it cannot) | Error
 *   PostFilter  runs only when no node fits; may nominate a node
 *   PreScore    Success | Skip (its Score is not run) | Error
 *   Score       a number per node, then NormalizeScore to [0, 100]
 *   Reserve     Success | Error; Unreserve undoes it
 *   Permit      Success | Unschedulable | Wait (with a timeout)
 *   PreBind     Success | Error (async, in the binding cycle)
 *   Bind        Success | Skip (next binder) | Error
 */
import type { Client, Lister } from "../../client/types.js";
import type { Clock } from "../../util/clock.js";
import type { NodeInfo } from "../cache/node-info.js";
import type { SchedulerCache } from "../cache/cache.js";
import type { CycleState } from "./cycle-state.js";
import type { Labels } from "./labels.js";
import type { PodInfo } from "./pod-info.js";
import type { Status } from "./status.js";
import type { KubeObject } from "../../api/types.js";
import type { EventRecorder } from "../../client/events.js";

export interface Plugin {
  readonly name: string;
}

/** Orders the active queue. */
export interface QueueSortPlugin extends Plugin {
  less(a: QueuedPod, b: QueuedPod): boolean;
}

/** What the queue holds for a pod (the part QueueSort reads). */
export interface QueuedPod {
  info: PodInfo;
  /** When the pod was last added to the queue. */
  timestamp: number;
}

/** Incremental updates of PreFilter state while preemption tries removing pods. */
export interface PreFilterExtensions {
  addPod(state: CycleState, pod: PodInfo, toAdd: PodInfo, node: NodeInfo): Status;
  removePod(state: CycleState, pod: PodInfo, toRemove: PodInfo, node: NodeInfo): Status;
}

export interface PreFilterPlugin extends Plugin {
  preFilter(state: CycleState, pod: PodInfo): Status;
  preFilterExtensions?(): PreFilterExtensions | undefined;
}

export interface FilterPlugin extends Plugin {
  filter(state: CycleState, pod: PodInfo, node: NodeInfo): Status;
}

/** The status of every node evaluated in a cycle, by node name. */
export type NodeStatusMap = Map<string, Status>;

export interface PostFilterResult {
  /** A node to nominate (set in status.nominatedNodeName); "" clears a nomination. */
  nominatedNodeName?: string;
}

export interface PostFilterPlugin extends Plugin {
  postFilter(state: CycleState, pod: PodInfo, statuses: NodeStatusMap): Promise<{ result?: PostFilterResult; status: Status }>;
}

export interface PreScorePlugin extends Plugin {
  preScore(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): Status;
}

export interface ScorePlugin extends Plugin {
  /** A raw score; normalizeScore (if any) maps the scores of all feasible nodes to [0, 100]. */
  score(state: CycleState, pod: PodInfo, node: NodeInfo): number;
  /**
   * Optional: what score gives for each node, into scores[i] for nodes[i],
   * in one call — the plugin reads its cycle state once instead of per node.
   */
  scoreNodes?(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], scores: Float64Array): void;
  /** scores[i] belongs to nodes[i] of the PreScore call. */
  normalizeScore?(state: CycleState, pod: PodInfo, scores: Float64Array): void;
}

export interface ReservePlugin extends Plugin {
  reserve(state: CycleState, pod: PodInfo, nodeName: string): Status;
  unreserve(state: CycleState, pod: PodInfo, nodeName: string): void;
}

export interface PermitPlugin extends Plugin {
  permit(state: CycleState, pod: PodInfo, nodeName: string): { status: Status; timeoutMs?: number };
}

export interface PreBindPlugin extends Plugin {
  preBind(state: CycleState, pod: PodInfo, nodeName: string): Promise<Status>;
}

export interface BindPlugin extends Plugin {
  bind(state: CycleState, pod: PodInfo, nodeName: string): Promise<Status>;
}

/** Pods nominated to nodes by preemption, kept by the scheduling queue. */
export interface Nominator {
  nominatedPodsForNode(nodeName: string): readonly PodInfo[];
  /** Whether any pod is nominated anywhere: when not, filters skip the per-node lookup. */
  hasNominatedPods(): boolean;
}

/** Listers plugins may read; each is optional (a plugin without its lister treats the objects as absent). */
export interface SchedulerListers {
  persistentVolumeClaims?: Lister;
  persistentVolumes?: Lister;
  storageClasses?: Lister;
  namespaces?: Lister;
  services?: Lister;
  replicaSets?: Lister;
  replicationControllers?: Lister;
  statefulSets?: Lister;
}

/** The framework as preemption needs it: filters with nominated pods and PreFilter extensions. */
export interface FrameworkRunner {
  readonly profileName: string;
  runFilterPluginsWithNominatedPods(state: CycleState, pod: PodInfo, node: NodeInfo): Status;
  runPreFilterExtensionAddPod(state: CycleState, pod: PodInfo, toAdd: PodInfo, node: NodeInfo): Status;
  runPreFilterExtensionRemovePod(state: CycleState, pod: PodInfo, toRemove: PodInfo, node: NodeInfo): Status;
}

/** What a plugin's factory receives besides its args. */
export interface Handle {
  client: Client;
  clock: Clock;
  cache: SchedulerCache;
  listers: SchedulerListers;
  nominator: Nominator;
  /** Labels of a namespace (for affinity namespaceSelector); undefined when unknown. */
  namespaceLabels(namespace: string): Labels;
  /** The framework of the plugin's profile; available once the profile is built. */
  readonly runner: FrameworkRunner;
  /** Events about pods (Preempted); absent in unit tests. */
  recorder?: EventRecorder;
  log(level: number, message: string): void;
  verbosity: number;
}

/** A plugin factory as the registry holds it. */
export type PluginFactory = (args: unknown, handle: Handle) => Plugin;

export type { KubeObject };
