/**
 * Deleting everything in a namespace (upstream's namespacedResourcesDeleter
 * deleteAllContent): per resource, a deletecollection where served (else
 * list and delete each), then a list to see what is left, by resource and
 * by finalizer, and an estimate of how long the rest will take.
 */
import type { Pod } from "kubernetes-types/core/v1.js";
import { groupVersionPath } from "../../client/index.js";
import type { Client, KubeObject } from "../../client/types.js";
import type { DeletionOutcome } from "./conditions.js";
import { discoverNamespacedResources, discoveryErrorMessage, responseError, type DiscoveredResource } from "./discovery.js";

/** Upstream's finalizerEstimateSeconds: how long to wait before checking on finalizers again. */
export const FINALIZER_ESTIMATE_SECONDS = 15;

export interface ContentResult {
  outcome: DeletionOutcome;
  /** Seconds until the remaining content is expected to be gone (0: nothing left to wait for). */
  estimateSeconds: number;
}

export async function deleteAllContent(client: Client, namespace: string, now: number): Promise<ContentResult> {
  const outcome: DeletionOutcome = { groupVersionErrors: [], deleteErrors: [], remaining: new Map(), finalizers: new Map() };
  const { resources, failed } = await discoverNamespacedResources(client);
  if (failed.size) outcome.discoveryFailure = { groups: failed.size, message: discoveryErrorMessage(failed) };
  let estimate = 0;
  const deletable = resources.filter((r) => r.verbs.includes("list") && r.verbs.includes("delete"));
  await Promise.all(
    deletable.map(async (r) => {
      try {
        // Await first: `Math.max(estimate, await ...)` would read estimate before the await and lose other resources' estimates.
        const seconds = await deleteResource(client, namespace, r, outcome, now);
        estimate = Math.max(estimate, seconds);
      } catch (err) {
        outcome.deleteErrors.push((err as Error).message);
      }
    }),
  );
  return { outcome, estimateSeconds: estimate };
}

async function deleteResource(client: Client, namespace: string, r: DiscoveredResource, outcome: DeletionOutcome, now: number): Promise<number> {
  const base = `${groupVersionPath(r.gvr)}/namespaces/${encodeURIComponent(namespace)}/${r.gvr.resource}`;
  let estimate = r.gvr.group === "" && r.gvr.resource === "pods" ? await podGraceEstimate(client, namespace, now) : 0;
  if (r.verbs.includes("deletecollection")) {
    const res = await client.raw("DELETE", `${base}?propagationPolicy=Background`);
    if (res.status >= 300) throw new Error(responseError(res.status, res.body));
  } else {
    const items = (await client.list(r.gvr, { namespace })).items;
    await Promise.all(items.map((o) => client.delete(r.gvr, namespace, o.metadata.name!, { propagationPolicy: "Background" }).catch(ignoreNotFound)));
  }
  const left = (await client.list<KubeObject>(r.gvr, { namespace })).items;
  if (!left.length) return 0;
  outcome.remaining.set(`${r.gvr.resource}.${r.gvr.group}`, left.length);
  let withFinalizers = false;
  for (const o of left) {
    for (const f of o.metadata.finalizers ?? []) {
      outcome.finalizers.set(f, (outcome.finalizers.get(f) ?? 0) + 1);
      withFinalizers = true;
    }
  }
  if (withFinalizers) estimate = Math.max(estimate, FINALIZER_ESTIMATE_SECONDS);
  // Left over without finalizers and nothing graceful to wait for: look again soon.
  return Math.max(estimate, 1);
}

/** The longest time a terminating pod may still take (estimateGracefulTermination). */
async function podGraceEstimate(client: Client, namespace: string, now: number): Promise<number> {
  let estimate = 0;
  for (const p of (await client.list<Pod & KubeObject>({ group: "", version: "v1", resource: "pods" }, { namespace })).items) {
    if (p.status?.phase === "Succeeded" || p.status?.phase === "Failed") continue;
    const grace = p.spec?.terminationGracePeriodSeconds ?? 30;
    const ts = p.metadata.deletionTimestamp ? Math.max(0, (Date.parse(p.metadata.deletionTimestamp) - now) / 1000) : grace;
    estimate = Math.max(estimate, Math.ceil(ts));
  }
  return estimate;
}

function ignoreNotFound(err: unknown): void {
  if ((err as { code?: number })?.code === 404) return;
  throw err;
}
