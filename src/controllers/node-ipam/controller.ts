/**
 * The node IPAM controller (upstream's range allocator): gives every Node a
 * podCIDR carved from --cluster-cidr with --node-cidr-mask-size. The set of
 * taken subnets is rebuilt from the nodes at start (and from the service
 * range where it overlaps), a node's subnet is released when the node is
 * deleted, and a full range is reported as a CIDRNotAvailable event.
 */
import type { Node } from "kubernetes-types/core/v1.js";
import type { KubeObject } from "../../api/types.js";
import { createWorkQueue, runController } from "../../client/index.js";
import { NODES } from "../../client/resources.js";
import type { Controller } from "../../client/types.js";
import type { ControllerContext } from "../context.js";
import { runnerLogs } from "../context.js";
import { CidrSet, CidrSetFullError } from "./cidr-set.js";

export const NODE_IPAM_CONTROLLER = "node-ipam-controller";

type NodeObject = Node & KubeObject;

export function createNodeIpamController(ctx: ControllerContext): Controller {
  const { client, clock, options } = ctx;
  const nodes = ctx.informers.forResource<NodeObject>(NODES);
  const recorder = ctx.recorder("cidrAllocator");
  const queue = createWorkQueue<string>({ clock, name: NODE_IPAM_CONTROLLER });
  const cidrs = new CidrSet(options.clusterCIDR, options.nodeCIDRMaskSize ?? 24);
  // Subnets patched onto a node whose update the cache has not shown yet:
  // a repeated sync reuses it instead of taking a second one.
  const pending = new Map<string, string>();

  nodes.addEventHandler({
    onAdd: (n) => queue.add(n.metadata.name!),
    onUpdate: (_o, n) => {
      if (!n.spec?.podCIDRs?.length && !n.spec?.podCIDR) queue.add(n.metadata.name!);
    },
    onDelete: (n) => {
      for (const c of podCIDRsOf(n)) cidrs.release(c);
      const p = pending.get(n.metadata.name!);
      if (p) cidrs.release(p);
      pending.delete(n.metadata.name!);
    },
  });

  async function sync(name: string): Promise<void> {
    const node = nodes.lister.get(undefined, name);
    if (!node) return;
    const existing = podCIDRsOf(node);
    if (existing.length) {
      pending.delete(name);
      for (const c of existing) cidrs.occupy(c);
      return;
    }
    let cidr = pending.get(name);
    if (!cidr) {
      try {
        cidr = cidrs.allocate();
      } catch (err) {
        if (err instanceof CidrSetFullError) {
          recorder.event(node, "Normal", "CIDRNotAvailable", `Node ${name} status is now: CIDRNotAvailable`);
        }
        throw err;
      }
      pending.set(name, cidr);
    }
    try {
      await client.patch(NODES, undefined, name, "merge", { metadata: { uid: node.metadata.uid }, spec: { podCIDR: cidr, podCIDRs: [cidr] } });
      ctx.log(2, `Set node ${name} PodCIDR to [${cidr}]`);
    } catch (err) {
      pending.delete(name);
      cidrs.release(cidr);
      recorder.event(node, "Normal", "CIDRAssignmentFailed", `Node ${name} status is now: CIDRAssignmentFailed`);
      throw err;
    }
  }

  return {
    name: NODE_IPAM_CONTROLLER,
    async run(signal, workers) {
      if (!(await ctx.informers.waitForCacheSync(signal))) return;
      // Occupy the service range where it overlaps, then every node's subnet, before allocating any.
      cidrs.occupy(options.serviceCIDR);
      for (const n of nodes.lister.list()) for (const c of podCIDRsOf(n)) cidrs.occupy(c);
      await runController({ name: NODE_IPAM_CONTROLLER, queue, workers, signal, sync, ...runnerLogs(ctx) });
    },
  };
}

function podCIDRsOf(n: NodeObject): string[] {
  if (n.spec?.podCIDRs?.length) return [...n.spec.podCIDRs];
  return n.spec?.podCIDR ? [n.spec.podCIDR] : [];
}
