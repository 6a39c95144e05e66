/**
 * The resource quota controller: keeps each ResourceQuota's status.hard
 * (a copy of spec.hard) and status.used (what the namespace's objects
 * charge, for the hard keys only) current, recomputing when a counted
 * object changes and every 5 minutes (--resource-quota-sync-period).
 */
import type { PersistentVolumeClaim, Pod, ResourceQuota, Service } from "kubernetes-types/core/v1.js";
import type { KubeObject } from "../../api/types.js";
import { parseQuantity } from "../../api/validation/core-quantity.js";
import * as R from "../../client/resources.js";
import { createWorkQueue, runController } from "../../client/index.js";
import { keyOf, splitKey, type Controller, type GVR, type Informer } from "../../client/types.js";
import type { ControllerContext } from "../context.js";
import { countUsage, podCountsForQuota, podMatchesScopes, podUsage, pvcUsage, serviceUsage, sumUsage, type Usage } from "./usage.js";

export const RESOURCEQUOTA_CONTROLLER = "resourcequota-controller";
export const RESOURCE_QUOTA_SYNC_PERIOD_MS = 5 * 60_000;

type QuotaObject = ResourceQuota & KubeObject;

/** Resources a `count/<plural>.<group>` key can name: the built-ins the client knows. */
const COUNTABLE: GVR[] = Object.values(R).filter((v): v is GVR => typeof v === "object" && v !== null && "resource" in v);

/** "count/deployments.apps" → the deployments GVR; undefined for anything unknown. */
export function gvrForCountKey(key: string): GVR | undefined {
  if (!key.startsWith("count/")) return undefined;
  const name = key.slice(6);
  const dot = name.indexOf(".");
  const plural = dot < 0 ? name : name.slice(0, dot);
  const group = dot < 0 ? "" : name.slice(dot + 1);
  return COUNTABLE.find((g) => g.resource === plural && g.group === group);
}

export function createResourceQuotaController(ctx: ControllerContext): Controller {
  const { client, clock } = ctx;
  const quotas = ctx.informers.forResource<QuotaObject>(R.RESOURCEQUOTAS);
  const queue = createWorkQueue<string>({ clock, name: "resourcequota_primary" });
  const informers = new Map<string, Informer>();
  const gvrKey = (g: GVR) => `${g.group}/${g.resource}`;

  const enqueueNamespace = (obj: KubeObject) => {
    for (const q of quotas.lister.list(obj.metadata.namespace)) queue.add(keyOf(q));
  };
  /** The informer for a counted resource, started on first use. */
  const informerFor = (g: GVR): Informer => {
    let inf = informers.get(gvrKey(g));
    if (!inf) {
      inf = ctx.informers.forResource(g);
      informers.set(gvrKey(g), inf);
      inf.addEventHandler({ onAdd: enqueueNamespace, onUpdate: (_o, n) => enqueueNamespace(n), onDelete: enqueueNamespace });
    }
    return inf;
  };
  for (const g of [R.PODS, R.SERVICES, R.CONFIGMAPS, R.SECRETS, R.PVCS]) informerFor(g);
  quotas.addEventHandler({ onAdd: (q) => queue.add(keyOf(q)), onUpdate: (_o, q) => queue.add(keyOf(q)) });

  /** Every usage the namespace's objects charge, for the given hard keys. */
  function usagesIn(namespace: string, quota: QuotaObject, hardKeys: string[]): Usage[] {
    const out: Usage[] = [];
    const now = clock.now();
    const scoped = (quota.spec?.scopes?.length ?? 0) > 0 || (quota.spec?.scopeSelector?.matchExpressions?.length ?? 0) > 0;
    for (const p of informerFor(R.PODS).lister.list(namespace) as (Pod & KubeObject)[]) {
      if (podCountsForQuota(p, now) && (!scoped || podMatchesScopes(p, quota.spec!))) out.push(podUsage(p));
    }
    // Scopes select pods only: a scoped quota charges nothing else.
    if (scoped) return out;
    for (const s of informerFor(R.SERVICES).lister.list(namespace) as (Service & KubeObject)[]) out.push(serviceUsage(s));
    for (const c of informerFor(R.PVCS).lister.list(namespace) as (PersistentVolumeClaim & KubeObject)[]) out.push(pvcUsage(c));
    for (const g of [R.CONFIGMAPS, R.SECRETS]) for (const _ of informerFor(g).lister.list(namespace)) out.push(countUsage(g.resource, ""));
    const handled = new Set(["pods", "services", "persistentvolumeclaims"]);
    for (const key of hardKeys) {
      const g = gvrForCountKey(key);
      if (!g || (g.group === "" && (handled.has(g.resource) || g.resource === "configmaps" || g.resource === "secrets"))) continue;
      const inf = informerFor(g);
      for (const _ of inf.lister.list(namespace)) out.push(countUsage(g.resource, g.group ? `.${g.group}` : ""));
    }
    return out;
  }

  async function sync(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const quota = quotas.lister.get(namespace, name);
    if (!quota) return;
    const hard = { ...(quota.spec?.hard ?? {}) } as Record<string, string>;
    const hardKeys = Object.keys(hard);
    // A counted resource seen for the first time must list before usage is trusted.
    if (hardKeys.some((k) => gvrForCountKey(k) && !informerFor(gvrForCountKey(k)!).hasSynced())) throw new Error(`waiting for informers of ${key}`);
    const used = sumUsage(hardKeys, usagesIn(namespace!, quota, hardKeys));
    const status = quota.status ?? {};
    if (sameList(status.hard, hard) && sameList(status.used, used)) return;
    await client.update(R.RESOURCEQUOTAS, namespace, { ...quota, status: { hard, used } }, { subresource: "status" });
  }

  return {
    name: RESOURCEQUOTA_CONTROLLER,
    async run(signal, workers) {
      if (!(await ctx.informers.waitForCacheSync(signal))) return;
      const resync = clock.setInterval(() => {
        for (const q of quotas.lister.list()) queue.add(keyOf(q));
      }, RESOURCE_QUOTA_SYNC_PERIOD_MS);
      signal.addEventListener("abort", () => resync.cancel(), { once: true });
      await runController({ name: "resource quota", queue, workers, signal, sync, log: (m) => ctx.log(2, m) });
    },
  };
}

/** Equal resource lists, comparing quantities by value ("1" equals "1000m"). */
function sameList(a: Record<string, unknown> | undefined, b: Record<string, string>): boolean {
  const ak = Object.keys(a ?? {});
  if (ak.length !== Object.keys(b).length) return false;
  return ak.every((k) => String(a![k]) === b[k] || (b[k] !== undefined && quantityEqual(String(a![k]), b[k])));
}

function quantityEqual(x: string, y: string): boolean {
  try {
    return parseQuantityLoose(x) === parseQuantityLoose(y);
  } catch {
    return false;
  }
}

function parseQuantityLoose(v: string): bigint {
  return parseQuantity(v).nanos;
}
