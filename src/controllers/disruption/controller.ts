/**
 * The disruption controller (upstream's pkg/controller/disruption): keeps
 * every PodDisruptionBudget's status — expected, healthy and desired pods,
 * the disruptions allowed now, the DisruptionAllowed condition and the
 * evictions approved but not yet carried out — in step with its pods. When
 * a sync fails (other than on a conflict) it fails safe: disruptionsAllowed
 * 0 and a SyncFailed condition, so evictions stop until it recovers.
 * Alongside, it clears DisruptionTarget conditions left by evictions whose
 * delete never came (stale-disruption.ts).
 */
import { isApiError } from "../../api/errors.js";
import { conditionsAreUpToDate, DISRUPTION_ALLOWED, SYNC_FAILED, setStatusCondition, updateDisruptionAllowedCondition, type PDBObject } from "../../api/policy/pdb-status.js";
import { selectorMatches } from "../../api/validation/label-selector.js";
import { createWorkQueue, keyOf, PDBS, PODS, runController, splitKey, type Controller } from "../../client/index.js";
import type { ControllerContext } from "../context.js";
import type { PodObject } from "../shared/pods.js";
import { buildDisruptedPodMap, countHealthyPods, disruptionsAllowed, expectedCounts } from "./budget.js";
import { createExpectedScale } from "./expected-scale.js";
import { createStaleDisruptionCleaner } from "./stale-disruption.js";

export const DISRUPTION_CONTROLLER_NAME = "disruption-controller";

function sameMap(a: Record<string, string> | undefined, b: Record<string, string>): boolean {
  const ak = Object.keys(a ?? {});
  return ak.length === Object.keys(b).length && ak.every((k) => a![k] === b[k]);
}

function selectorString(pdb: PDBObject): string {
  return JSON.stringify(pdb.spec?.selector ?? null);
}

export function createDisruptionController(ctx: ControllerContext): Controller {
  const pods = ctx.informers.forResource<PodObject>(PODS);
  const pdbs = ctx.informers.forResource<PDBObject>(PDBS);
  const expectedScale = createExpectedScale(ctx.client, ctx.informers);
  const recorder = ctx.recorder("controllermanager");
  const queue = createWorkQueue({ clock: ctx.clock, name: "disruption" });

  const enqueue = (pdb: PDBObject) => queue.add(keyOf(pdb));
  const podsOf = (pdb: PDBObject) => pods.lister.list(pdb.metadata.namespace).filter((p) => selectorMatches(pdb.spec?.selector, p.metadata.labels));
  /** The first budget covering pod; a pod under several is reported, as upstream, and the first one synced. */
  const pdbForPod = (pod: PodObject): PDBObject | undefined => {
    const matching = pdbs.lister.list(pod.metadata.namespace).filter((b) => selectorMatches(b.spec?.selector, pod.metadata.labels));
    if (matching.length > 1) {
      const msg = `Pod ${JSON.stringify(pod.metadata.namespace)}/${JSON.stringify(pod.metadata.name)} matches multiple PodDisruptionBudgets.  Chose ${JSON.stringify(matching[0].metadata.name)} arbitrarily.`;
      ctx.log(0, msg);
      recorder.event(pod, "Warning", "MultiplePodDisruptionBudgets", msg);
    }
    return matching[0];
  };
  const onPod = (pod: PodObject) => {
    const pdb = pdbForPod(pod);
    if (pdb) enqueue(pdb);
  };
  pods.addEventHandler({ onAdd: onPod, onUpdate: (_o, p) => onPod(p), onDelete: onPod });
  pdbs.addEventHandler({ onAdd: enqueue, onUpdate: (_o, b) => enqueue(b), onDelete: enqueue });
  const staleDisruptions = createStaleDisruptionCleaner(ctx, pods);

  const writeStatus = (pdb: PDBObject) => ctx.client.update<PDBObject>(PDBS, pdb.metadata.namespace, pdb, { subresource: "status" });

  const trySync = async (pdb: PDBObject): Promise<void> => {
    const matched = podsOf(pdb);
    if (matched.length === 0) recorder.event(pdb, "Normal", "NoPods", "No matching pods found");
    let counts;
    try {
      counts = await expectedCounts(pdb.spec ?? {}, matched, () => expectedScale(matched));
    } catch (err) {
      recorder.event(pdb, "Warning", "CalculateExpectedPodCountFailed", `Failed to calculate the number of expected pods: ${(err as Error).message}`);
      throw err;
    }
    if (counts.unmanagedPods.length) {
      ctx.log(4, `Found unmanaged pods associated with PDB ${keyOf(pdb)}: ${counts.unmanagedPods.join(", ")}`);
      recorder.event(
        pdb,
        "Warning",
        "UnmanagedPods",
        `Pods selected by this PodDisruptionBudget (selector: ${selectorString(pdb)}) were found to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. To account for these pods please set ".spec.minAvailable" field of the PDB to an integer value.`,
      );
    }
    const now = ctx.clock.now();
    const { disrupted, recheckAt, notDeleted } = buildDisruptedPodMap(matched, pdb.status?.disruptedPods, now);
    for (const pod of notDeleted) {
      ctx.log(1, `pod ${keyOf(pod)} was expected to be deleted but it wasn't, updating PDB ${keyOf(pdb)}`);
      recorder.event(pod, "Warning", "NotDeleted", `Pod was expected by PDB ${pdb.metadata.namespace}/${pdb.metadata.name} to be deleted but it wasn't`);
    }
    const currentHealthy = countHealthyPods(matched, disrupted, now);
    await updateStatus(pdb, currentHealthy, counts.desiredHealthy, counts.expectedCount, disrupted);
    // Look again just after the earliest approved eviction times out (at the instant itself it still counts).
    if (recheckAt !== undefined) queue.addAfter(keyOf(pdb), recheckAt - now + 1);
  };

  const updateStatus = async (pdb: PDBObject, currentHealthy: number, desiredHealthy: number, expectedPods: number, disrupted: Record<string, string>): Promise<void> => {
    const allowed = disruptionsAllowed(currentHealthy, desiredHealthy, expectedPods);
    const s = pdb.status;
    const generation = pdb.metadata.generation ?? 0;
    if (
      s &&
      s.currentHealthy === currentHealthy &&
      s.desiredHealthy === desiredHealthy &&
      s.expectedPods === expectedPods &&
      s.disruptionsAllowed === allowed &&
      sameMap(s.disruptedPods, disrupted) &&
      (s.observedGeneration ?? 0) === generation &&
      conditionsAreUpToDate(pdb)
    ) {
      return;
    }
    const next: PDBObject = structuredClone(pdb);
    next.status = {
      currentHealthy,
      desiredHealthy,
      expectedPods,
      disruptionsAllowed: allowed,
      disruptedPods: Object.keys(disrupted).length ? disrupted : undefined,
      observedGeneration: generation,
      conditions: pdb.status?.conditions,
    };
    updateDisruptionAllowedCondition(next, ctx.clock.now());
    await writeStatus(next);
  };

  /** At least stop evictions when the status cannot be computed. */
  const failSafe = async (pdb: PDBObject, err: Error): Promise<void> => {
    const next: PDBObject = structuredClone(pdb);
    const status = (next.status ??= { currentHealthy: 0, desiredHealthy: 0, disruptionsAllowed: 0, expectedPods: 0 });
    status.disruptionsAllowed = 0;
    status.conditions = setStatusCondition(status.conditions, { type: DISRUPTION_ALLOWED, status: "False", reason: SYNC_FAILED, message: err.message, observedGeneration: status.observedGeneration }, ctx.clock.now());
    await writeStatus(next);
  };

  const sync = async (key: string): Promise<void> => {
    const { namespace, name } = splitKey(key);
    const pdb = pdbs.lister.get(namespace, name);
    if (!pdb) return;
    try {
      await trySync(pdb);
    } catch (err) {
      // A conflict just means a newer budget is on its way: retry without failing safe.
      if (isApiError(err, "Conflict")) throw err;
      ctx.log(0, `Failed to sync PDB ${key}: ${(err as Error).message}`);
      await failSafe(pdb, err as Error);
    }
  };

  return {
    name: DISRUPTION_CONTROLLER_NAME,
    async run(signal, workers) {
      if (!(await ctx.informers.waitForCacheSync(signal))) return;
      await Promise.all([runController({ name: "disruption", queue, workers, signal, sync, log: (m) => ctx.log(2, m) }), staleDisruptions.run(signal)]);
    },
  };
}
