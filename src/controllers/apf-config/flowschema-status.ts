/**
 * Keeps each FlowSchema's Dangling condition true to whether the priority
 * level it names exists (upstream's APF config controller, which runs in
 * kube-apiserver; here a controller like the others, over informers).
 */
import type { FlowSchema, FlowSchemaCondition } from "kubernetes-types/flowcontrol/v1.js";
import { isApiError } from "../../api/errors.js";
import { rfc3339 } from "../../api/printers.js";
import type { KubeObject } from "../../api/types.js";
import { createWorkQueue, runController } from "../../client/index.js";
import { FLOWSCHEMAS, PRIORITYLEVELS } from "../../client/resources.js";
import { keyOf, splitKey, type Controller } from "../../client/types.js";
import type { ControllerContext } from "../context.js";
import { runnerLogs } from "../context.js";

export const APF_CONFIG_CONTROLLER = "api-priority-and-fairness-config-consumer-v1";

type FlowSchemaObject = FlowSchema & KubeObject;

/** The Dangling condition a schema should carry, without its transition time. */
export function danglingCondition(plName: string, exists: boolean): Omit<FlowSchemaCondition, "lastTransitionTime"> {
  return exists
    ? { type: "Dangling", status: "False", reason: "Found", message: `This FlowSchema references the PriorityLevelConfiguration object named "${plName}" and it exists` }
    : { type: "Dangling", status: "True", reason: "NotFound", message: `This FlowSchema references the PriorityLevelConfiguration object named "${plName}" but there is no such object` };
}

export function createFlowSchemaStatusController(ctx: ControllerContext): Controller {
  const { client, clock } = ctx;
  const schemas = ctx.informers.forResource<FlowSchemaObject>(FLOWSCHEMAS);
  const levels = ctx.informers.forResource<KubeObject>(PRIORITYLEVELS);
  const queue = createWorkQueue<string>({ clock, name: "flowschema-status" });
  const enqueueAll = () => schemas.lister.list().forEach((fs) => queue.add(keyOf(fs)));
  schemas.addEventHandler({ onAdd: (fs) => queue.add(keyOf(fs)), onUpdate: (_o, fs) => queue.add(keyOf(fs)), onDelete: () => undefined });
  levels.addEventHandler({ onAdd: enqueueAll, onUpdate: () => undefined, onDelete: enqueueAll });

  async function sync(key: string): Promise<void> {
    const { name } = splitKey(key);
    const fs = schemas.lister.get(undefined, name);
    if (!fs) return;
    const plName = fs.spec?.priorityLevelConfiguration?.name ?? "";
    const want = danglingCondition(plName, !!levels.lister.get(undefined, plName));
    const conditions = fs.status?.conditions ?? [];
    const have = conditions.find((c) => c.type === "Dangling");
    if (have && have.status === want.status && have.reason === want.reason && have.message === want.message) return;
    const next: FlowSchemaCondition = { ...want, lastTransitionTime: have && have.status === want.status ? have.lastTransitionTime : rfc3339(clock.now()) };
    const updated: FlowSchemaObject = { ...fs, status: { ...fs.status, conditions: [...conditions.filter((c) => c.type !== "Dangling"), next] } };
    try {
      await client.update(FLOWSCHEMAS, undefined, updated, { subresource: "status" });
    } catch (err) {
      if (!isApiError(err, "NotFound")) throw err;
    }
  }

  return {
    name: APF_CONFIG_CONTROLLER,
    async run(signal, workers) {
      if (!(await ctx.informers.waitForCacheSync(signal))) return;
      await runController({ name: "flowschema-status", queue, workers, signal, sync, ...runnerLogs(ctx) });
    },
  };
}
