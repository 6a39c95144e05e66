/**
 * The fault controller: enacts the cluster faults (RouteLoss,
 * SecurityGroupRule, ServiceRecreate) of chaos.skiff.dev Fault objects. On
 * a new Fault it adds its finalizer, records in status.restore what it is
 * about to change (phase Pending), changes it, and reports phase Active
 * with a status.message saying what it did. When the Fault is deleted, or
 * its spec.duration has passed since it became Active, it puts everything
 * back (the Fault ends as phase Ended, or its finalizer is removed). A
 * Fault that cannot apply (its target missing) ends as phase Failed with
 * the reason in its message.
 */
import { CLUSTER_FAULT_TYPES, FAULT_FINALIZER, isClusterFault, type FaultObject, type FaultRestore, type FaultStatus } from "../../api/chaos/faults.js";
import { isApiError } from "../../api/errors.js";
import { rfc3339 } from "../../api/printers.js";
import type { KubeObject } from "../../api/types.js";
import type { Pod } from "kubernetes-types/core/v1.js";
import type { RouteObject } from "../../api/network/routes.js";
import { createWorkQueue, runController } from "../../client/index.js";
import { FAULTS, PODS, ROUTES } from "../../client/resources.js";
import type { Controller } from "../../client/types.js";
import type { ControllerContext } from "../../controllers/context.js";
import { runnerLogs } from "../../controllers/context.js";
import { parseDurationMs } from "../../kubelet/duration.js";
import { FaultSpecError, type ClusterFault, type ClusterFaultEnv } from "./cluster-fault.js";
import { routeLoss } from "./route-loss.js";
import { securityGroupRule } from "./security-group-rule.js";
import { serviceRecreate } from "./service-recreate.js";

export const FAULT_CONTROLLER = "chaos-fault";
/** The event source of the controller's events. */
export const FAULT_CONTROLLER_COMPONENT = "fault-controller";

const HANDLERS: Record<(typeof CLUSTER_FAULT_TYPES)[number], ClusterFault> = {
  RouteLoss: routeLoss,
  SecurityGroupRule: securityGroupRule,
  ServiceRecreate: serviceRecreate,
};

export function createFaultController(ctx: ControllerContext): Controller {
  const { client, clock } = ctx;
  const faults = ctx.informers.forResource<FaultObject>(FAULTS);
  const env: ClusterFaultEnv = {
    client,
    pods: ctx.informers.forResource<Pod & KubeObject>(PODS).lister,
    routes: ctx.informers.forResource<RouteObject>(ROUTES).lister,
    clusterCIDR: ctx.options.clusterCIDR,
  };
  const recorder = ctx.recorder(FAULT_CONTROLLER_COMPONENT);
  const queue = createWorkQueue<string>({ clock, name: FAULT_CONTROLLER });
  const enqueue = (f: FaultObject) => {
    if (isClusterFault(f.spec?.type)) queue.add(f.metadata.name!);
  };
  faults.addEventHandler({ onAdd: enqueue, onUpdate: (_o, n) => enqueue(n), onDelete: enqueue });

  const writeStatus = async (f: FaultObject, status: FaultStatus): Promise<void> => {
    await client.patch(FAULTS, undefined, f.metadata.name!, "merge", { status }, { subresource: "status" });
  };

  const setFinalizers = async (f: FaultObject, finalizers: string[]): Promise<void> => {
    // The resourceVersion makes this a precondition: a stale cache retries rather than overwrites.
    await client.patch(FAULTS, undefined, f.metadata.name!, "merge", { metadata: { finalizers, resourceVersion: f.metadata.resourceVersion } });
  };

  async function heal(f: FaultObject, handler: ClusterFault): Promise<string | undefined> {
    const restore = f.status?.restore;
    if (!restore || f.status?.phase === "Ended" || f.status?.phase === "Failed") return undefined;
    const message = await handler.heal(f, restore, env);
    ctx.log(0, `Fault ${f.metadata.name} (${f.spec.type}) healed: ${message}`);
    recorder.event(f, "Normal", "FaultHealed", message);
    return message;
  }

  async function sync(name: string): Promise<void> {
    const f = faults.lister.get(undefined, name);
    if (!f || !isClusterFault(f.spec?.type)) return;
    const handler = HANDLERS[f.spec.type as keyof typeof HANDLERS];
    const finalizers = f.metadata.finalizers ?? [];

    if (f.metadata.deletionTimestamp) {
      if (!finalizers.includes(FAULT_FINALIZER)) return;
      await heal(f, handler);
      await setFinalizers(f, finalizers.filter((x) => x !== FAULT_FINALIZER));
      return;
    }
    if (f.status?.phase === "Ended" || f.status?.phase === "Failed") return;
    if (!finalizers.includes(FAULT_FINALIZER)) {
      await setFinalizers(f, [...finalizers, FAULT_FINALIZER]);
      return;
    }

    if (f.status?.phase !== "Active") {
      let restore: FaultRestore | undefined = f.status?.restore;
      try {
        if (!restore) {
          restore = await handler.plan(f, env);
          await writeStatus(f, { phase: "Pending", restore, message: "changing the cluster" });
        }
        const message = await handler.enact(f, restore, env);
        await writeStatus(f, { phase: "Active", startTime: rfc3339(clock.now()), message, restore });
        ctx.log(0, `Fault ${name} (${f.spec.type}) active: ${message}`);
        recorder.event(f, "Warning", "FaultActive", message);
      } catch (err) {
        if (!(err instanceof FaultSpecError)) throw err;
        await writeStatus(f, { phase: "Failed", message: err.message });
        recorder.event(f, "Warning", "FaultFailed", err.message);
      }
      scheduleEnd(f, clock.now());
      return;
    }

    const started = f.status.startTime ? Date.parse(f.status.startTime) : clock.now();
    const duration = parseDurationMs(f.spec.duration);
    if (duration === undefined) return;
    if (clock.now() < started + duration) {
      queue.addAfter(name, started + duration - clock.now());
      return;
    }
    const message = await heal(f, handler);
    await writeStatus(f, { phase: "Ended", endTime: rfc3339(clock.now()), message: `ended after ${f.spec.duration}: ${message}` });
  }

  function scheduleEnd(f: FaultObject, startedAt: number): void {
    const duration = parseDurationMs(f.spec.duration);
    if (duration !== undefined) queue.addAfter(f.metadata.name!, Math.max(0, startedAt + duration - clock.now()));
  }

  return {
    name: FAULT_CONTROLLER,
    async run(signal, workers) {
      if (!(await ctx.informers.waitForCacheSync(signal))) return;
      ctx.log(0, "Starting fault controller");
      try {
        await runController({ name: FAULT_CONTROLLER, queue, workers: Math.min(workers, 1), signal, sync: (k) => sync(k).catch((err) => {
          if (isApiError(err, "NotFound")) return;
          throw err;
        }), ...runnerLogs(ctx) });
      } finally {
        ctx.log(0, "Shutting down fault controller");
      }
    },
  };
}
