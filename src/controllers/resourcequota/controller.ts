/**
 * The resource quota controller: keeps each ResourceQuota's status.hard
 * (a copy of spec.hard) and status.used (what the namespace's objects
 * charge, for the hard keys only) current, recomputing when a counted
 * object changes and every 5 minutes (--resource-quota-sync-period).
 */
import type { Pod, ResourceQuota } from "kubernetes-types/core/v1.js";
import type { KubeObject } from "../../api/types.js";
import { parseQuantity } from "../../api/validation/core-quantity.js";
import * as R from "../../client/resources.js";
import { createWorkQueue, runController } from "../../client/index.js";
import { keyOf, splitKey, type Controller, type GVR, type Informer } from "../../client/types.js";
import type { ControllerContext } from "../context.js";
import { runnerLogs } from "../context.js";
import { objectUsage, sumUsage, type Usage } from "./usage.js";
import { podMatchesScopes, quotaIsScoped } from "./scopes.js";

export const RESOURCEQUOTA_CONTROLLER = "resourcequota-controller";
export const RESOURCE_QUOTA_SYNC_PERIOD_MS = 5 * 60_000;

type QuotaObject = ResourceQuota & KubeObject;

/** Resources a `count/<plural>.<group>` key can name: the built-ins the client knows. */
/** The kinds upstream's quota registry always evaluates; others are counted when a count/ key names them. */
const ALWAYS_COUNTED: GVR[] = [R.PODS, R.SERVICES, R.PVCS, R.CONFIGMAPS, R.SECRETS, R.RCS, R.RESOURCEQUOTAS];

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
  for (const g of ALWAYS_COUNTED) if (g !== R.RESOURCEQUOTAS) informerFor(g);
  // A quota added or removed changes the resourcequotas count of every quota beside it.
  informers.set(gvrKey(R.RESOURCEQUOTAS), quotas);
  quotas.addEventHandler({ onAdd: enqueueNamespace, onUpdate: (_o, q) => queue.add(keyOf(q)), onDelete: enqueueNamespace });

  /** Every usage the namespace's objects charge, for the given hard keys. */
  function usagesIn(namespace: string, quota: QuotaObject, hardKeys: string[]): Usage[] {
    const out: Usage[] = [];
    const now = clock.now();
    const charge = (g: GVR, obj: unknown) => {
      const u = objectUsage(g.group, g.resource, obj, now);
      if (u) out.push(u);
    };
    // Scopes select pods only: a scoped quota charges nothing else.
    if (quotaIsScoped(quota.spec)) {
      for (const p of informerFor(R.PODS).lister.list(namespace) as (Pod & KubeObject)[]) if (podMatchesScopes(p, quota.spec)) charge(R.PODS, p);
      return out;
    }
    const counted = new Map(ALWAYS_COUNTED.map((g) => [gvrKey(g), g]));
    for (const key of hardKeys) {
      const g = gvrForCountKey(key);
      if (g) counted.set(gvrKey(g), g);
    }
    for (const g of counted.values()) for (const obj of informerFor(g).lister.list(namespace)) charge(g, obj);
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
      await runController({ name: "resource quota", queue, workers, signal, sync, ...runnerLogs(ctx) });
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
