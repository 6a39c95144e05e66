/**
 * One profile's plugins, run extension point by extension point (upstream's
 * frameworkImpl). Filters stop at the first plugin that rejects a node, as
 * upstream does; scores are normalized per plugin, weighted and summed.
 * At verbosity >= 10 every filter verdict and every score is logged.
 */
import type { NodeInfo } from "../cache/node-info.js";
import type { CycleState } from "./cycle-state.js";
import type {
  BindPlugin,
  FilterPlugin,
  FrameworkRunner,
  Handle,
  NodeStatusMap,
  PermitPlugin,
  Plugin,
  PostFilterPlugin,
  PostFilterResult,
  PreBindPlugin,
  PreFilterPlugin,
  PreScorePlugin,
  QueueSortPlugin,
  ReservePlugin,
  ScorePlugin,
} from "./interfaces.js";
import { kv } from "./klog.js";
import type { PodInfo } from "./pod-info.js";
import type { ProfileConfig } from "./profile.js";
import type { Registry } from "./registry.js";
import { asStatus, Code, SUCCESS, Status } from "./status.js";

const NO_PODS: readonly PodInfo[] = [];

export type BaseHandle = Omit<Handle, "runner">;

interface Scored {
  plugin: ScorePlugin;
  weight: number;
}

export class Framework implements FrameworkRunner {
  readonly profileName: string;
  readonly percentageOfNodesToScore: number;
  readonly handle: Handle;
  queueSort?: QueueSortPlugin;
  private readonly preFilters: PreFilterPlugin[] = [];
  private readonly filters: FilterPlugin[] = [];
  private readonly postFilters: PostFilterPlugin[] = [];
  private readonly preScores: PreScorePlugin[] = [];
  private readonly scores: Scored[] = [];
  private readonly reserves: ReservePlugin[] = [];
  private readonly permits: PermitPlugin[] = [];
  private readonly preBinds: PreBindPlugin[] = [];
  private readonly binds: BindPlugin[] = [];
  /** Verbosity is fixed for a framework's life; read once instead of per filter call. */
  private readonly v10: boolean;

  constructor(profile: ProfileConfig, registry: Registry, base: BaseHandle) {
    this.profileName = profile.schedulerName;
    this.percentageOfNodesToScore = profile.percentageOfNodesToScore ?? 0;
    this.handle = { ...base, runner: this };
    this.v10 = base.verbosity >= 10;
    const seen = new Set<string>();
    for (const spec of profile.plugins) {
      if (seen.has(spec.name)) throw new Error(`profile ${profile.schedulerName}: plugin ${spec.name} listed twice`);
      seen.add(spec.name);
      const factory = registry.get(spec.name);
      if (!factory) throw new Error(`profile ${profile.schedulerName}: plugin ${spec.name} is not registered`);
      this.add(factory(profile.pluginConfig?.[spec.name], this.handle), spec.weight ?? 1);
    }
    if (!this.queueSort) throw new Error(`profile ${profile.schedulerName}: no QueueSort plugin`);
    if (this.binds.length === 0) throw new Error(`profile ${profile.schedulerName}: no Bind plugin`);
  }

  private add(p: Plugin, weight: number): void {
    const x = p as Partial<QueueSortPlugin & PreFilterPlugin & FilterPlugin & PostFilterPlugin & PreScorePlugin & ScorePlugin & ReservePlugin & PermitPlugin & PreBindPlugin & BindPlugin>;
    if (x.less) this.queueSort = p as QueueSortPlugin;
    if (x.preFilter) this.preFilters.push(p as PreFilterPlugin);
    if (x.filter) this.filters.push(p as FilterPlugin);
    if (x.postFilter) this.postFilters.push(p as PostFilterPlugin);
    if (x.preScore) this.preScores.push(p as PreScorePlugin);
    if (x.score) this.scores.push({ plugin: p as ScorePlugin, weight });
    if (x.reserve) this.reserves.push(p as ReservePlugin);
    if (x.permit) this.permits.push(p as PermitPlugin);
    if (x.preBind) this.preBinds.push(p as PreBindPlugin);
    if (x.bind) this.binds.push(p as BindPlugin);
  }

  hasFilterPlugins(state: CycleState): boolean {
    return this.filtersFor(state).length > 0;
  }

  hasPostFilterPlugins(): boolean {
    return this.postFilters.length > 0;
  }

  /** Runs every PreFilter; the first rejection or error ends the run. */
  runPreFilterPlugins(state: CycleState, pod: PodInfo): Status {
    for (const p of this.preFilters) {
      let s: Status;
      try {
        s = p.preFilter(state, pod);
      } catch (err) {
        s = asStatus(err);
      }
      if (s.isSkip()) {
        state.skipFilterPlugins.add(p.name);
        continue;
      }
      if (!s.isSuccess()) return s.withPlugin(p.name);
    }
    return SUCCESS;
  }

  runPreFilterExtensionAddPod(state: CycleState, pod: PodInfo, toAdd: PodInfo, node: NodeInfo): Status {
    for (const p of this.preFilters) {
      if (state.skipFilterPlugins.has(p.name)) continue;
      const s = p.preFilterExtensions?.()?.addPod(state, pod, toAdd, node);
      if (s && !s.isSuccess()) return s.withPlugin(p.name);
    }
    return SUCCESS;
  }

  runPreFilterExtensionRemovePod(state: CycleState, pod: PodInfo, toRemove: PodInfo, node: NodeInfo): Status {
    for (const p of this.preFilters) {
      if (state.skipFilterPlugins.has(p.name)) continue;
      const s = p.preFilterExtensions?.()?.removePod(state, pod, toRemove, node);
      if (s && !s.isSuccess()) return s.withPlugin(p.name);
    }
    return SUCCESS;
  }

  /** The filters not skipped by PreFilter, listed once per cycle state (the filter loop asks for them per node). */
  private filtersFor(state: CycleState): readonly FilterPlugin[] {
    let list = state.activeFilters(this) as FilterPlugin[] | undefined;
    if (!list) {
      list = this.filters.filter((p) => !state.skipFilterPlugins.has(p.name));
      state.setActiveFilters(this, list);
    }
    return list;
  }

  /** Filters one node; the first non-success status wins. */
  runFilterPlugins(state: CycleState, pod: PodInfo, node: NodeInfo): Status {
    const list = this.filtersFor(state);
    for (let i = 0; i < list.length; i++) {
      const p = list[i];
      let s: Status;
      try {
        s = p.filter(state, pod, node);
      } catch (err) {
        s = asStatus(err);
      }
      if (this.v10) this.handle.log(10, kv("Filter plugin verdict", "pod", pod.key, "plugin", p.name, "node", node.name, "status", s.isSuccess() ? "Success" : `${s.codeName()}: ${s.message()}`));
      if (!s.isSuccess()) {
        if (s.code === Code.Error) return new Status(Code.Error, [`running "${p.name}" filter plugin: ${s.message()}`], s.error).withPlugin(p.name);
        return s.withPlugin(p.name);
      }
    }
    return SUCCESS;
  }

  /**
   * As upstream: when pods of equal or higher priority are nominated to the
   * node, the pod must fit both with them (as if they were running) and
   * without them (they may not end up there, and affinity may need them absent).
   */
  runFilterPluginsWithNominatedPods(state: CycleState, pod: PodInfo, node: NodeInfo): Status {
    const nominator = this.handle.nominator;
    const nominated = nominator.hasNominatedPods() ? nominator.nominatedPodsForNode(node.name) : NO_PODS;
    if (nominated.length > 0) {
      let withNominated: NodeInfo | undefined;
      let stateWith: CycleState | undefined;
      for (const np of nominated) {
        if (np.key === pod.key || np.priority < pod.priority) continue;
        withNominated ??= node.clone();
        stateWith ??= state.clone();
        withNominated.addPod(np);
        const s = this.runPreFilterExtensionAddPod(stateWith, pod, np, withNominated);
        if (!s.isSuccess()) return s;
      }
      if (withNominated && stateWith) {
        const s = this.runFilterPlugins(stateWith, pod, withNominated);
        if (!s.isSuccess()) return s;
      }
    }
    return this.runFilterPlugins(state, pod, node);
  }

  async runPostFilterPlugins(state: CycleState, pod: PodInfo, statuses: NodeStatusMap): Promise<{ result?: PostFilterResult; status: Status }> {
    let last: { result?: PostFilterResult; status: Status } = { status: new Status(Code.Unschedulable) };
    const messages: string[] = [];
    for (const p of this.postFilters) {
      let out: { result?: PostFilterResult; status: Status };
      try {
        out = await p.postFilter(state, pod, statuses);
      } catch (err) {
        out = { status: asStatus(err) };
      }
      if (out.status.isSuccess()) return out;
      if (out.status.code === Code.Error) return { status: out.status.withPlugin(p.name) };
      if (out.status.message()) messages.push(out.status.message());
      last = out;
    }
    return { result: last.result, status: new Status(Code.Unschedulable, messages) };
  }

  runPreScorePlugins(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): Status {
    for (const p of this.preScores) {
      let s: Status;
      try {
        s = p.preScore(state, pod, nodes);
      } catch (err) {
        s = asStatus(err);
      }
      if (s.isSkip()) {
        state.skipScorePlugins.add(p.name);
        continue;
      }
      if (!s.isSuccess()) return s.withPlugin(p.name);
    }
    return SUCCESS;
  }

  /** Weighted total score per node (totals[i] for nodes[i]). */
  runScorePlugins(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): Float64Array {
    const totals = new Float64Array(nodes.length);
    const scores = new Float64Array(nodes.length);
    for (const { plugin, weight } of this.scores) {
      if (state.skipScorePlugins.has(plugin.name)) continue;
      if (plugin.scoreNodes) plugin.scoreNodes(state, pod, nodes, scores);
      else for (let i = 0; i < nodes.length; i++) scores[i] = plugin.score(state, pod, nodes[i]);
      plugin.normalizeScore?.(state, pod, scores);
      for (let i = 0; i < nodes.length; i++) {
        const s = scores[i] * weight;
        totals[i] += s;
        if (this.v10) this.handle.log(10, kv("Plugin scored node for pod", "pod", pod.key, "plugin", plugin.name, "node", nodes[i].name, "score", s));
      }
    }
    if (this.v10) for (let i = 0; i < nodes.length; i++) this.handle.log(10, kv("Calculated node's final score for pod", "pod", pod.key, "node", nodes[i].name, "score", totals[i]));
    return totals;
  }

  runReservePluginsReserve(state: CycleState, pod: PodInfo, nodeName: string): Status {
    for (const p of this.reserves) {
      const s = p.reserve(state, pod, nodeName);
      if (!s.isSuccess()) return s.withPlugin(p.name);
    }
    return SUCCESS;
  }

  /** Unreserve runs in reverse order, as upstream. */
  runReservePluginsUnreserve(state: CycleState, pod: PodInfo, nodeName: string): void {
    for (let i = this.reserves.length - 1; i >= 0; i--) this.reserves[i].unreserve(state, pod, nodeName);
  }

  /** Permit: a rejection ends it; Wait is answered by waiting out the longest timeout (no plugin here waits). */
  runPermitPlugins(state: CycleState, pod: PodInfo, nodeName: string): Status {
    for (const p of this.permits) {
      const { status } = p.permit(state, pod, nodeName);
      if (!status.isSuccess() && status.code !== Code.Wait) return status.withPlugin(p.name);
    }
    return SUCCESS;
  }

  async runPreBindPlugins(state: CycleState, pod: PodInfo, nodeName: string): Promise<Status> {
    for (const p of this.preBinds) {
      const s = await p.preBind(state, pod, nodeName);
      if (!s.isSuccess()) return s.withPlugin(p.name);
    }
    return SUCCESS;
  }

  async runBindPlugins(state: CycleState, pod: PodInfo, nodeName: string): Promise<Status> {
    for (const p of this.binds) {
      const s = await p.bind(state, pod, nodeName);
      if (s.isSkip()) continue;
      return s.withPlugin(p.name);
    }
    return new Status(Code.Error, ["no bind plugin bound the pod"]);
  }
}
