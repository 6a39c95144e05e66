/**
 * The namespace controller (upstream's NamespaceController): empties a
 * Terminating namespace of every namespaced resource the API serves, then
 * removes the `kubernetes` finalizer through namespaces/<name>/finalize so
 * the namespace goes away. Progress and failures show in the namespace's
 * deletion conditions; a failed discovery (an aggregated API that is down)
 * deletes what it can, keeps the finalizer and retries with back-off until
 * discovery works again.
 */
import type { Namespace } from "kubernetes-types/core/v1.js";
import { isApiError } from "../../api/errors.js";
import type { KubeObject } from "../../api/types.js";
import { BucketRateLimiter, ItemExponentialFailureRateLimiter, MaxOfRateLimiter, createWorkQueue, runController } from "../../client/index.js";
import { NAMESPACES } from "../../client/resources.js";
import type { Controller } from "../../client/types.js";
import type { ControllerContext } from "../context.js";
import { runnerLogs } from "../context.js";
import { updateConditions } from "./conditions.js";
import { deleteAllContent } from "./content-deleter.js";

export const NAMESPACE_CONTROLLER = "namespace-controller";
export const KUBERNETES_FINALIZER = "kubernetes";

type NamespaceObject = Namespace & KubeObject;

export function createNamespaceController(ctx: ControllerContext): Controller {
  const { client, clock } = ctx;
  const namespaces = ctx.informers.forResource<NamespaceObject>(NAMESPACES);
  // Upstream's nsControllerRateLimiter: back-off capped at 60s, so a namespace heals soon after discovery does.
  const rateLimiter = new MaxOfRateLimiter<string>(new ItemExponentialFailureRateLimiter<string>(5, 60_000), new BucketRateLimiter<string>(clock, 10, 100));
  const queue = createWorkQueue<string>({ clock, name: "namespace", rateLimiter });
  const enqueue = (ns: NamespaceObject) => {
    if (ns.metadata.deletionTimestamp) queue.add(ns.metadata.name!);
  };
  namespaces.addEventHandler({ onAdd: enqueue, onUpdate: (_o, ns) => enqueue(ns) });

  async function sync(name: string): Promise<void> {
    const cached = namespaces.lister.get(undefined, name);
    if (!cached?.metadata.deletionTimestamp) return;
    if (!(cached.spec?.finalizers ?? []).includes(KUBERNETES_FINALIZER)) return;
    const started = clock.now();
    const { outcome, estimateSeconds } = await deleteAllContent(client, name, clock.now());
    const { conditions, changed } = updateConditions(cached.status?.conditions, outcome, clock.now());
    if (changed) await writeConditions(name, conditions);
    if (outcome.discoveryFailure || outcome.deleteErrors.length || outcome.groupVersionErrors.length) {
      throw new Error(outcome.discoveryFailure?.message ?? outcome.deleteErrors[0] ?? outcome.groupVersionErrors[0]);
    }
    if (estimateSeconds > 0) {
      ctx.log(4, `namespace ${name}: content remaining, checking again in ${estimateSeconds}s`);
      queue.addAfter(name, estimateSeconds * 1000);
      return;
    }
    await finalize(name);
    ctx.log(4, `Finished syncing namespace "${name}" (${clock.now() - started}ms)`);
  }

  async function writeConditions(name: string, conditions: NonNullable<Namespace["status"]>["conditions"]): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const live = await client.get<NamespaceObject>(NAMESPACES, undefined, name);
      try {
        await client.update(NAMESPACES, undefined, { ...live, status: { ...(live.status ?? {}), conditions } }, { subresource: "status" });
        return;
      } catch (err) {
        if (isApiError(err, "NotFound")) return;
        if (!isApiError(err, "Conflict") || attempt >= 2) throw err;
      }
    }
  }

  /** PUT namespaces/<name>/finalize without the `kubernetes` finalizer (retrying on conflict). */
  async function finalize(name: string): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      let live: NamespaceObject;
      try {
        live = await client.get<NamespaceObject>(NAMESPACES, undefined, name);
      } catch (err) {
        if (isApiError(err, "NotFound")) return;
        throw err;
      }
      const finalizers = (live.spec?.finalizers ?? []).filter((f) => f !== KUBERNETES_FINALIZER);
      if (finalizers.length === (live.spec?.finalizers ?? []).length) return;
      try {
        await client.update(NAMESPACES, undefined, { ...live, spec: { ...(live.spec ?? {}), finalizers } }, { subresource: "finalize" });
        return;
      } catch (err) {
        if (isApiError(err, "NotFound")) return;
        if (!isApiError(err, "Conflict") || attempt >= 2) throw err;
      }
    }
  }

  return {
    name: NAMESPACE_CONTROLLER,
    async run(signal, workers) {
      if (!(await ctx.informers.waitForCacheSync(signal))) return;
      await runController({ name: "namespace", queue, workers, signal, sync, ...runnerLogs(ctx) });
    },
  };
}
