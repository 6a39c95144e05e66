/**
 * The route controller, as upstream's (cloud-provider controllers/route,
 * with --configure-cloud-routes): keeps one route per node podCIDR in the
 * cloud's route table (M2). Every --route-reconciliation-period (10s) it
 * lists the cluster's routes and the nodes, deletes routes that no node
 * wants (or whose target is gone), creates the missing ones named
 * <clusterName>-<node uid>, reports a route it cannot create as a
 * FailedToCreateRoute event on the node, and sets each node's
 * NetworkUnavailable condition (False/RouteCreated once all its routes
 * exist, True/NoRouteCreated otherwise). A node that registers or gets a
 * podCIDR is reconciled at once rather than at the next period.
 */
import type { Node } from "kubernetes-types/core/v1.js";
import type { KubeObject } from "../../api/types.js";
import type { RouteObject } from "../../api/network/routes.js";
import { createWorkQueue, runController } from "../../client/index.js";
import { NODES, ROUTES } from "../../client/resources.js";
import type { Controller } from "../../client/types.js";
import type { ControllerContext } from "../../controllers/context.js";
import { runnerLogs } from "../../controllers/context.js";
import { findCondition } from "../../controllers/shared/conditions.js";
import { formatDurationMs } from "../../kubelet/duration.js";
import { cidrContains, toCidr } from "../../network/cidr.js";
import { createLimiter, type Limiter } from "../../util/limiter.js";
import { createApiRouteTable, type CloudRoute, type RouteTable } from "./route-table.js";

export const ROUTE_CONTROLLER = "route";
/** The event source upstream's route controller records as. */
export const ROUTE_CONTROLLER_COMPONENT = "route_controller";
/** Upstream's --route-reconciliation-period default. */
export const DEFAULT_ROUTE_RECONCILIATION_PERIOD_MS = 10_000;

type NodeObject = Node & KubeObject;
type Action = "keep" | "add";

/** Route creations in flight at once (upstream's maxConcurrentRouteCreations). */
const MAX_CONCURRENT_ROUTE_CREATIONS = 200;

export interface RouteControllerOptions {
  /** --cluster-name (default "kubernetes"): routes are named and listed by it. */
  clusterName: string;
  /** --cluster-cidr: routes outside it are not this controller's. */
  clusterCIDRs: string[];
  /** --route-reconciliation-period. */
  periodMs: number;
  /** The cloud's table; default: the network.skiff.dev Route objects. */
  routeTable?: RouteTable;
}

/** The single work-queue key: every change leads to one full reconcile, as upstream's loop. */
const RECONCILE = "reconcile";

export function createRouteController(ctx: ControllerContext, opts: RouteControllerOptions): Controller {
  const { client, clock } = ctx;
  const nodes = ctx.informers.forResource<NodeObject>(NODES);
  const routeInformer = ctx.informers.forResource<RouteObject>(ROUTES);
  const table = opts.routeTable ?? createApiRouteTable(client, routeInformer.lister);
  const recorder = ctx.recorder(ROUTE_CONTROLLER_COMPONENT);
  const queue = createWorkQueue<string>({ clock, name: ROUTE_CONTROLLER });
  const logError = (m: string) => (ctx.error ? ctx.error(m) : ctx.log(0, m));
  const wanted = (n: NodeObject) => JSON.stringify([n.spec?.podCIDRs ?? [], n.metadata.uid]);

  nodes.addEventHandler({
    onAdd: () => queue.add(RECONCILE),
    onUpdate: (o, n) => {
      if (wanted(o) !== wanted(n)) queue.add(RECONCILE);
    },
    onDelete: () => queue.add(RECONCILE),
  });

  function isResponsibleFor(route: CloudRoute): boolean {
    const cidr = toCidr(route.destinationCIDR);
    if (!cidr || !route.destinationCIDR.includes("/")) {
      ctx.log(0, `Ignoring route ${route.name}, unparsable CIDR: ${route.destinationCIDR}`);
      return false;
    }
    const first = route.destinationCIDR.split("/")[0];
    return opts.clusterCIDRs.some((c) => cidrContains(c, first));
  }

  async function reconcile(): Promise<void> {
    const routes = await table.list(opts.clusterName);
    const all = nodes.lister.list();
    const byNode = new Map<string, CloudRoute[]>();
    for (const r of routes) if (r.targetNode) byNode.set(r.targetNode, [...(byNode.get(r.targetNode) ?? []), r]);
    // node name -> (podCIDR -> action), for the nodes with a podCIDR or a route.
    const actions = new Map<string, Map<string, Action>>();
    for (const node of all) {
      const cidrs = node.spec?.podCIDRs ?? [];
      if (!cidrs.length) continue;
      const mine = byNode.get(node.metadata.name!) ?? [];
      const m = new Map<string, Action>();
      for (const cidr of cidrs) m.set(cidr, mine.some((r) => r.destinationCIDR === cidr) ? "keep" : "add");
      actions.set(node.metadata.name!, m);
    }
    for (const route of routes) {
      if (!route.targetNode || actions.has(route.targetNode)) continue;
      actions.set(route.targetNode, new Map());
    }

    // As upstream, deletions and creations run side by side, at most MAX_CONCURRENT_ROUTE_CREATIONS creations in flight.
    const work: Promise<void>[] = [];
    // Remove what no node wants.
    for (const route of routes) {
      if (!isResponsibleFor(route)) continue;
      const action = actions.get(route.targetNode)?.get(route.destinationCIDR);
      if (!route.blackhole && action !== undefined) continue;
      work.push(deleteRoute(route));
    }
    // Create what is missing.
    const limit = createLimiter(MAX_CONCURRENT_ROUTE_CREATIONS);
    for (const node of all) {
      const name = node.metadata.name!;
      const cidrs = node.spec?.podCIDRs ?? [];
      for (let i = 0; i < cidrs.length; i++) {
        const cidr = cidrs[i];
        if (actions.get(name)?.get(cidr) !== "add") continue;
        // A second podCIDR (dual-stack) needs a name of its own.
        const nameHint = i === 0 ? node.metadata.uid! : `${node.metadata.uid}-${i}`;
        work.push(createRoute(limit, name, cidr, nameHint).then((ok) => void (ok && actions.get(name)!.set(cidr, "keep"))));
      }
    }
    await Promise.all(work);

    // Report each node's outcome in its NetworkUnavailable condition.
    await Promise.all(
      all.map((node) => {
        const m = actions.get(node.metadata.name!);
        if (!m) return undefined;
        const created = m.size > 0 && [...m.values()].every((a) => a === "keep");
        return updateNetworkingCondition(node, created);
      }),
    );
  }

  async function deleteRoute(route: CloudRoute): Promise<void> {
    const started = clock.now();
    ctx.log(0, `Deleting route ${route.name} ${route.destinationCIDR}`);
    try {
      await table.delete(opts.clusterName, route);
      ctx.log(0, `Deleted route ${route.name} ${route.destinationCIDR} after ${formatDurationMs(clock.now() - started)}`);
    } catch (err) {
      logError(`Could not delete route ${route.name} ${route.destinationCIDR} after ${formatDurationMs(clock.now() - started)}: ${(err as Error).message}`);
    }
  }

  /** Creates one route through the limiter; true when it was created. */
  async function createRoute(limit: Limiter, name: string, cidr: string, nameHint: string): Promise<boolean> {
    const started = clock.now();
    const release = await limit();
    ctx.log(0, `Creating route for node ${name} ${cidr} with hint ${nameHint}, throttled ${formatDurationMs(clock.now() - started)}`);
    try {
      await table.create(opts.clusterName, nameHint, { targetNode: name, destinationCIDR: cidr });
      ctx.log(0, `Created route for node ${name} ${cidr} with hint ${nameHint} after ${formatDurationMs(clock.now() - started)}`);
      return true;
    } catch (err) {
      const msg = `Could not create route ${nameHint} ${cidr} for node ${name} after ${formatDurationMs(clock.now() - started)}: ${(err as Error).message}`;
      // Upstream refers to the node by name, with its name as UID.
      recorder.event({ apiVersion: "v1", kind: "Node", metadata: { name, uid: name } }, "Warning", "FailedToCreateRoute", msg);
      logError(`Could not create route ${nameHint} ${cidr} for node ${name}: ${(err as Error).message}`);
      return false;
    } finally {
      release();
    }
  }

  async function updateNetworkingCondition(node: NodeObject, routesCreated: boolean): Promise<void> {
    const current = findCondition(node.status?.conditions ?? [], "NetworkUnavailable");
    if (current?.status === (routesCreated ? "False" : "True")) return;
    const now = new Date(clock.now()).toISOString().replace(/\.\d{3}Z$/, "Z");
    const condition = routesCreated
      ? { type: "NetworkUnavailable", status: "False", reason: "RouteCreated", message: "RouteController created a route", lastTransitionTime: now, lastHeartbeatTime: now }
      : { type: "NetworkUnavailable", status: "True", reason: "NoRouteCreated", message: "RouteController failed to create a route", lastTransitionTime: now, lastHeartbeatTime: now };
    ctx.log(0, `Patching node status ${node.metadata.name} with ${routesCreated} previous condition was:${current ? JSON.stringify(current) : "nil"}`);
    try {
      await client.patch(NODES, undefined, node.metadata.name!, "strategic", { status: { conditions: [condition] } }, { subresource: "status" });
    } catch (err) {
      logError(`Error updating node ${node.metadata.name}: ${(err as Error).message}`);
    }
  }

  return {
    name: ROUTE_CONTROLLER,
    async run(signal, workers) {
      if (!(await ctx.informers.waitForCacheSync(signal))) return;
      ctx.log(0, "Starting route controller");
      // Upstream's wait.NonSlidingUntil: at once, then every period.
      queue.add(RECONCILE);
      const ticker = clock.setInterval(() => queue.add(RECONCILE), opts.periodMs);
      try {
        await runController({ name: ROUTE_CONTROLLER, queue, workers: Math.min(workers, 1), signal, sync: reconcile, ...runnerLogs(ctx) });
      } finally {
        ticker.cancel();
        ctx.log(0, "Shutting down route controller");
      }
    },
  };
}
