/**
 * Registers the Node and posts its status (upstream's registerWithAPIServer
 * and updateNodeStatus): conditions every nodeStatusUpdateFrequency, but a
 * write only when something changed or nodeStatusReportFrequency (5 m) has
 * passed, as upstream does once the Lease carries the heartbeat. Writes are
 * strategic merge patches of nodes/status, so NetworkUnavailable (written
 * by the network side) is left alone; each carries only what differs from
 * the Node read (status-patch.ts), as upstream's PatchNodeStatus.
 */
import type { Node, NodeCondition } from "kubernetes-types/core/v1.js";
import { isApiError } from "../../api/errors.js";
import type { EventRecorder } from "../../client/events.js";
import { NODES, type Client, type KubeObject } from "../../client/index.js";
import { conditionsChanged, nodeConditions, type NodeHealth } from "./conditions.js";
import { nodeObject, staticNodeStatus, type NodeIdentity } from "./node-object.js";
import { nodeStatusPatch } from "./status-patch.js";

type NodeObject = Node & KubeObject;

export interface ReporterOptions {
  client: Client;
  identity: NodeIdentity;
  bootId: string;
  reportFrequencyMs: number;
  recorder?: EventRecorder;
  log(level: number, message: string): void;
  /**
   * The Node as the kubelet's own informer last saw it, once synced. Read
   * instead of a GET, as upstream's first try reads the API server's cache
   * (resourceVersion=0): a thousand nodes would otherwise cost a hundred
   * GETs a second for a copy the watch already delivered.
   */
  cached?: () => NodeObject | undefined;
}

export class NodeStatusReporter {
  private node: NodeObject | undefined;
  private posted: NodeCondition[] | undefined;
  private postedAt = -Infinity;

  constructor(private readonly opts: ReporterOptions) {}

  uid(): string | undefined {
    return this.node?.metadata.uid;
  }

  /** Creates the Node, or adopts the existing one of the same name. */
  async register(): Promise<NodeObject> {
    const { client, identity } = this.opts;
    try {
      this.node = await client.create<NodeObject>(NODES, undefined, nodeObject(identity, this.opts.bootId) as NodeObject);
      this.opts.log(0, `Successfully registered node ${identity.nodeName}`);
    } catch (err) {
      if (!isApiError(err, "AlreadyExists")) throw err;
      this.node = await client.get<NodeObject>(NODES, undefined, identity.nodeName);
      this.posted = this.node.status?.conditions;
    }
    return this.node;
  }

  /** Posts the conditions for health if they changed or the report period has passed. */
  async update(health: NodeHealth, now: number): Promise<void> {
    // Compare with the server's copy, as upstream's tryUpdateNodeStatus does: the node
    // lifecycle controller may have set Ready=Unknown while this kubelet was silent.
    const server = this.fresh(this.opts.cached?.()) ?? (await this.opts.client.get<NodeObject>(NODES, undefined, this.opts.identity.nodeName).catch(() => undefined));
    if (server) this.posted = server.status?.conditions;
    const conditions = nodeConditions(this.posted, health, now);
    const changed = conditionsChanged(this.posted, conditions);
    if (!changed && now - this.postedAt < this.opts.reportFrequencyMs) return;
    const { identity, client } = this.opts;
    const status = { ...staticNodeStatus(identity, this.opts.bootId), conditions };
    this.node = await client.patch<NodeObject>(NODES, undefined, identity.nodeName, "strategic", nodeStatusPatch(server?.status, status), { subresource: "status" });
    const before = this.posted?.find((c) => c.type === "Ready")?.status;
    const after = conditions.find((c) => c.type === "Ready")!;
    this.posted = conditions;
    this.postedAt = now;
    // As upstream's Ready setter: an event on a change of an existing condition, none when it first appears.
    if (before !== undefined && before !== after.status) {
      const reason = after.status === "True" ? "NodeReady" : "NodeNotReady";
      this.opts.recorder?.event(this.node, "Normal", reason, `Node ${identity.nodeName} status is now: ${reason}`);
      this.opts.log(after.status === "True" ? 2 : 0, `Node became ${after.status === "True" ? "ready" : `not ready: ${after.message}`}`);
    }
  }

  /** The cached Node, unless it is older than our own last write (the watch has not caught up). */
  private fresh(cached: NodeObject | undefined): NodeObject | undefined {
    if (!cached) return undefined;
    const ours = Number(this.node?.metadata.resourceVersion ?? 0);
    return Number(cached.metadata.resourceVersion ?? 0) >= ours ? cached : undefined;
  }

  /** The events a starting kubelet records about its node. */
  recordStarting(): void {
    const node = this.node;
    const rec = this.opts.recorder;
    if (!node || !rec) return;
    const name = this.opts.identity.nodeName;
    rec.event(node, "Normal", "Starting", "Starting kubelet.");
    for (const r of ["NodeHasSufficientMemory", "NodeHasNoDiskPressure", "NodeHasSufficientPID"]) rec.event(node, "Normal", r, `Node ${name} status is now: ${r}`);
    rec.event(node, "Normal", "NodeAllocatableEnforced", "Updated Node Allocatable limit across pods");
  }
}
