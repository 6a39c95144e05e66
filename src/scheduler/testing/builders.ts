/** Tiny builders for scheduler tests: nodes, pods, node infos, a bare handle. */
import { SchedulerCache } from "../cache/cache.js";
import { NodeInfo } from "../cache/node-info.js";
import type { FrameworkRunner, Handle, Nominator, SchedulerListers } from "../framework/interfaces.js";
import { Framework } from "../framework/framework.js";
import { defaultProfile, type ProfileConfig } from "../framework/profile.js";
import { inTreeRegistry } from "../plugins/registry.js";
import { newPodInfo, withNodeName, type PodInfo } from "../framework/pod-info.js";
import type { Node, Pod, Taint, Toleration } from "../framework/types.js";
import { VirtualClock } from "../../util/clock.js";
import type { Client } from "../../client/types.js";

export interface NodeOptions {
  cpu?: string;
  memory?: string;
  pods?: number;
  labels?: Record<string, string>;
  taints?: Taint[];
  unschedulable?: boolean;
}

export function makeNode(name: string, o: NodeOptions = {}): Node {
  const allocatable = { cpu: o.cpu ?? "4", memory: o.memory ?? "8Gi", pods: String(o.pods ?? 110) };
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: { name, labels: { "kubernetes.io/hostname": name, ...o.labels } },
    spec: { taints: o.taints, unschedulable: o.unschedulable },
    status: { allocatable, capacity: allocatable },
  };
}

export function nodeWithTaints(name: string, taints: Taint[]): Node {
  return makeNode(name, { taints });
}

export interface PodOptions {
  namespace?: string;
  cpu?: string;
  memory?: string;
  labels?: Record<string, string>;
  priority?: number;
  nodeName?: string;
  tolerations?: Toleration[];
  nodeSelector?: Record<string, string>;
  hostPort?: number;
  schedulerName?: string;
  uid?: string;
  spec?: Partial<NonNullable<Pod["spec"]>>;
}

export function makePod(name: string, o: PodOptions = {}): Pod {
  const requests: Record<string, string> = {};
  if (o.cpu) requests.cpu = o.cpu;
  if (o.memory) requests.memory = o.memory;
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: o.namespace ?? "default", labels: o.labels, uid: o.uid ?? `uid-${name}` },
    spec: {
      containers: [{ name: "c", image: "busybox", resources: { requests }, ports: o.hostPort ? [{ containerPort: 80, hostPort: o.hostPort }] : undefined }],
      priority: o.priority,
      nodeName: o.nodeName,
      tolerations: o.tolerations,
      nodeSelector: o.nodeSelector,
      schedulerName: o.schedulerName ?? "default-scheduler",
      ...o.spec,
    },
  };
}

export function podWithTolerations(name: string, tolerations: Toleration[]): Pod {
  return makePod(name, { tolerations });
}

export function podInfo(pod: Pod): PodInfo {
  return newPodInfo(pod);
}

/** A node info holding the node and the given pods (bound to it). */
export function nodeInfoOf(node: Node, pods: Pod[] = []): NodeInfo {
  const ni = new NodeInfo(node.metadata!.name!);
  ni.setNode(node);
  for (const p of pods) ni.addPod(withNodeName(newPodInfo(p), ni.name));
  return ni;
}

/** A cache holding the nodes and bound pods (pods must carry spec.nodeName). */
export function cacheOf(nodes: Node[], pods: Pod[] = []): SchedulerCache {
  const cache = new SchedulerCache({ clock: new VirtualClock() });
  for (const n of nodes) cache.addNode(n);
  for (const p of pods) cache.addPod(p);
  return cache;
}

const noNominations: Nominator = { nominatedPodsForNode: () => [], hasNominatedPods: () => false };

/** A handle over a cache, without a client (plugins that call the API are tested end to end). */
export function testHandle(cache: SchedulerCache, listers: SchedulerListers = {}): Handle {
  return {
    client: undefined as unknown as Client,
    clock: new VirtualClock(),
    cache,
    listers,
    nominator: noNominations,
    namespaceLabels: () => undefined,
    // Set by testFramework; plugins that need it are tested through one.
    runner: undefined as unknown as FrameworkRunner,
    log: () => {},
    verbosity: 0,
  };
}

/** A framework over the cache with the given profile (the default one unless given). */
export function testFramework(cache: SchedulerCache, opts: { profile?: ProfileConfig; listers?: SchedulerListers; log?: (level: number, msg: string) => void; verbosity?: number; client?: Client } = {}): Framework {
  const { runner: _unused, ...base } = testHandle(cache, opts.listers);
  return new Framework(opts.profile ?? defaultProfile(), inTreeRegistry(), { ...base, client: opts.client ?? base.client, log: opts.log ?? base.log, verbosity: opts.verbosity ?? 0 });
}
