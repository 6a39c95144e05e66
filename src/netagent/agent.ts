/**
 * The node network agent, as flanneld with its kube subnet manager: it
 * watches its own Node (one watch, by name), and once the controller
 * manager has given the node a podCIDR it writes subnet.env and the CNI
 * conflist under the node's root (files.ts), then reports the network up:
 * NetworkUnavailable=False, reason FlannelIsUp, "Flannel is running on this
 * node", patched into nodes/status as flanneld patches it. Files are
 * rewritten only when their content changes. The condition is set once, as
 * flanneld sets it when it takes its subnet lease (and not when it is False
 * already): a route controller that later reports NoRouteCreated is not
 * overwritten.
 */
import type { Node, NodeCondition } from "kubernetes-types/core/v1.js";
import { createInformerFactory, NODES, type Client, type KubeObject } from "../client/index.js";
import type { HostFilesystem } from "../kubelet/index.js";
import type { Clock } from "../util/clock.js";
import { formatTime } from "../client/index.js";
import { CNI_CONFLIST_PATH, flannelConflist, HOST_GW, SUBNET_ENV_PATH, subnetEnv, type FlannelBackend } from "./files.js";

export const FLANNEL_REASON = "FlannelIsUp";
export const FLANNEL_MESSAGE = "Flannel is running on this node";

export interface NetAgentOptions {
  client: Client;
  clock: Clock;
  nodeName: string;
  /** The node's root directory. */
  fs: HostFilesystem;
  /** --cluster-cidr (flannel's net-conf.json Network). */
  clusterCIDR: string;
  backend?: FlannelBackend;
  /** flanneld --ip-masq (kube-flannel.yml sets it). */
  ipMasq?: boolean;
  error?: (message: string) => void;
}

export interface NetAgent {
  name: string;
  /** Resolves once the agent has seen its Node (listed), whether or not it has a podCIDR yet. */
  ready: Promise<void>;
  start(signal: AbortSignal): Promise<void>;
}

const decoder = new TextDecoder();

export function createNetAgent(o: NetAgentOptions): NetAgent {
  const backend = o.backend ?? HOST_GW;
  let markReady!: () => void;
  const ready = new Promise<void>((r) => (markReady = r));
  let patching = false;
  /** The podCIDR the condition was reported (or found False) for. */
  let reported: string | undefined;
  /** The podCIDR the files were last written for: node updates that keep it cost nothing. */
  let written: string | undefined;

  const writeIfChanged = (path: string, content: string, mode: number) => {
    const now = o.fs.readFile(path);
    if (now && decoder.decode(now) === content) return;
    o.fs.writeFile(path, content, mode);
  };

  const reportUp = async (node: Node, podCIDR: string) => {
    if (reported === podCIDR || patching) return;
    const current = node.status?.conditions?.find((c) => c.type === "NetworkUnavailable");
    // Already False (the route controller's RouteCreated): left as it is, as flanneld and the route controller leave each other's.
    if (current?.status === "False") {
      reported = podCIDR;
      return;
    }
    patching = true;
    const now = formatTime(o.clock.now());
    const condition: NodeCondition = { type: "NetworkUnavailable", status: "False", reason: FLANNEL_REASON, message: FLANNEL_MESSAGE, lastTransitionTime: now, lastHeartbeatTime: now };
    try {
      await o.client.patch(NODES, undefined, o.nodeName, "strategic", { status: { conditions: [condition] } }, { subresource: "status" });
      reported = podCIDR;
    } catch (err) {
      o.error?.(`failed to set NetworkUnavailable on node ${o.nodeName}: ${(err as Error).message}`);
    } finally {
      patching = false;
    }
  };

  const sync = (node: Node) => {
    const podCIDR = node.spec?.podCIDR;
    if (!podCIDR) return;
    if (written !== podCIDR) {
      writeIfChanged(SUBNET_ENV_PATH, subnetEnv({ clusterCIDR: o.clusterCIDR, podCIDR, backend, ipMasq: o.ipMasq ?? true }), 0o644);
      writeIfChanged(CNI_CONFLIST_PATH, flannelConflist(), 0o644);
      written = podCIDR;
    }
    void reportUp(node, podCIDR);
  };

  return {
    name: `netagent-${o.nodeName}`,
    ready,
    async start(signal) {
      const factory = createInformerFactory({ client: o.client, clock: o.clock });
      const nodes = factory.forResource<Node & KubeObject>(NODES, { fieldSelector: `metadata.name=${o.nodeName}` });
      nodes.addEventHandler({ onAdd: sync, onUpdate: (_old, node) => sync(node) });
      factory.start(signal);
      if (await factory.waitForCacheSync(signal)) markReady();
      await new Promise<void>((resolve) => (signal.aborted ? resolve() : signal.addEventListener("abort", () => resolve(), { once: true })));
    },
  };
}
