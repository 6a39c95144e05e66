/**
 * What the scheduler knows about one node: the Node, its pods (bound and
 * assumed), and aggregates kept up to date on every add/remove so that a
 * filter or score reads them in O(1): requested and non-zero requested
 * resources, used host ports, pods with (anti-)affinity.
 */
import { addResource, addResourceList, cloneResource, emptyResource, type Resource } from "../framework/resource.js";
import type { HostPort, PodInfo } from "../framework/pod-info.js";
import type { Node, Taint } from "../framework/types.js";

const WILDCARD_IP = "0.0.0.0";

/** Host ports in use: "protocol/port" -> host IP -> count. */
export class HostPortUsage {
  private readonly used = new Map<string, Map<string, number>>();

  add(p: HostPort, delta: 1 | -1): void {
    const k = `${p.protocol}/${p.hostPort}`;
    let ips = this.used.get(k);
    if (!ips) this.used.set(k, (ips = new Map()));
    const n = (ips.get(p.hostIP) ?? 0) + delta;
    if (n <= 0) ips.delete(p.hostIP);
    else ips.set(p.hostIP, n);
    if (ips.size === 0) this.used.delete(k);
  }

  /** As upstream's HostPortInfo.CheckConflict: 0.0.0.0 conflicts with every IP on the same protocol and port. */
  conflicts(p: HostPort): boolean {
    const ips = this.used.get(`${p.protocol}/${p.hostPort}`);
    if (!ips) return false;
    if (p.hostIP === WILDCARD_IP) return ips.size > 0;
    return ips.has(p.hostIP) || ips.has(WILDCARD_IP);
  }

  clone(): HostPortUsage {
    const c = new HostPortUsage();
    for (const [k, ips] of this.used) c.used.set(k, new Map(ips));
    return c;
  }
}

export class NodeInfo {
  node: Node | undefined;
  pods: PodInfo[] = [];
  podsWithAffinity: PodInfo[] = [];
  podsWithRequiredAntiAffinity: PodInfo[] = [];
  requested: Resource = emptyResource();
  /** Requested with upstream's non-zero defaults, for scoring. */
  nonZeroCPU = 0;
  nonZeroMemory = 0;
  allocatable: Resource = emptyResource();
  allowedPodNumber = 0;
  usedPorts = new HostPortUsage();
  taints: readonly Taint[] = [];
  /**
   * Allocatable minus requested, kept up to date on every change: the fit
   * filter compares a pod's requests with these, for hundreds of nodes per pod.
   */
  freeMilliCPU = 0;
  freeMemory = 0;
  freeEphemeralStorage = 0;
  /** spec.unschedulable, kept here so that filters read it without walking the Node. */
  unschedulable = false;
  /** Bumped on every change. */
  generation = 0;

  /**
   * A small number the cache gives each node info it holds, unique among
   * them and reused after one goes: per-node tables index by it (-1 for a
   * node info outside a cache).
   */
  constructor(
    readonly name: string,
    readonly slot = -1,
  ) {}

  setNode(node: Node): void {
    this.node = node;
    this.allocatable = emptyResource();
    const alloc = (node.status?.allocatable ?? node.status?.capacity) as Record<string, unknown> | undefined;
    addResourceList(this.allocatable, alloc);
    this.allowedPodNumber = alloc?.pods !== undefined ? Number.parseInt(String(alloc.pods), 10) || 0 : 0;
    this.taints = node.spec?.taints ?? [];
    this.unschedulable = !!node.spec?.unschedulable;
    this.updateFree();
    this.generation++;
  }

  get labels(): Readonly<Record<string, string>> | undefined {
    return this.node?.metadata?.labels;
  }

  addPod(pi: PodInfo): void {
    this.pods.push(pi);
    if (pi.requiredAffinityTerms.length || pi.requiredAntiAffinityTerms.length || pi.preferredAffinityTerms.length || pi.preferredAntiAffinityTerms.length) {
      this.podsWithAffinity.push(pi);
    }
    if (pi.requiredAntiAffinityTerms.length) this.podsWithRequiredAntiAffinity.push(pi);
    this.account(pi, 1);
  }

  /** Removes the pod with pi's key; false when it was not here. */
  removePod(key: string): boolean {
    const i = this.pods.findIndex((p) => p.key === key);
    if (i < 0) return false;
    const pi = this.pods[i];
    // Swap-remove: pod order on a node carries no meaning.
    this.pods[i] = this.pods[this.pods.length - 1];
    this.pods.pop();
    removeByKey(this.podsWithAffinity, key);
    removeByKey(this.podsWithRequiredAntiAffinity, key);
    this.account(pi, -1);
    return true;
  }

  private account(pi: PodInfo, sign: 1 | -1): void {
    addResource(this.requested, pi.requests, sign);
    this.nonZeroCPU += sign * pi.nonZeroCPU;
    this.nonZeroMemory += sign * pi.nonZeroMemory;
    for (const p of pi.hostPorts) this.usedPorts.add(p, sign);
    this.updateFree();
    this.generation++;
  }

  private updateFree(): void {
    this.freeMilliCPU = this.allocatable.milliCPU - this.requested.milliCPU;
    this.freeMemory = this.allocatable.memory - this.requested.memory;
    this.freeEphemeralStorage = this.allocatable.ephemeralStorage - this.requested.ephemeralStorage;
  }

  clone(): NodeInfo {
    const c = new NodeInfo(this.name, this.slot);
    c.node = this.node;
    c.pods = [...this.pods];
    c.podsWithAffinity = [...this.podsWithAffinity];
    c.podsWithRequiredAntiAffinity = [...this.podsWithRequiredAntiAffinity];
    c.requested = cloneResource(this.requested);
    c.nonZeroCPU = this.nonZeroCPU;
    c.nonZeroMemory = this.nonZeroMemory;
    c.allocatable = this.allocatable;
    c.allowedPodNumber = this.allowedPodNumber;
    c.usedPorts = this.usedPorts.clone();
    c.taints = this.taints;
    c.unschedulable = this.unschedulable;
    c.freeMilliCPU = this.freeMilliCPU;
    c.freeMemory = this.freeMemory;
    c.freeEphemeralStorage = this.freeEphemeralStorage;
    c.generation = this.generation;
    return c;
  }
}

function removeByKey(list: PodInfo[], key: string): void {
  const i = list.findIndex((p) => p.key === key);
  if (i >= 0) list.splice(i, 1);
}
