/**
 * The APIServices of the group versions this server serves itself
 * (upstream's autoregister "sync on start"): `v1.`, `v1.apps`, ... with no
 * service, labelled kube-aggregator.kubernetes.io/automanaged=onstart and
 * the priorities upstream gives them, so `kubectl get apiservices` lists
 * them as Local. Created when missing and put back to the desired spec at
 * every start; ones for versions no longer served are removed. Between
 * starts a user may edit or delete them, as upstream.
 */
import { isApiError } from "../../api/errors.js";
import type { ResourceDefinition } from "../../api/types.js";
import { createWorkQueue, runController, type NamedWorkQueue } from "../../client/index.js";
import type { Client, Informer } from "../../client/types.js";
import type { Clock } from "../../util/clock.js";
import type { APIService } from "./apiservice-helpers.js";
import { APISERVICES } from "./resources.js";

export const AUTOMANAGED_LABEL = "kube-aggregator.kubernetes.io/automanaged";
const ON_START = "onstart";

/** Upstream's apiVersionPriorities (kube-apiserver 1.35): group, then version within the group. */
const PRIORITIES: Record<string, [number, number]> = {
  "/v1": [18000, 1],
  "apps/v1": [17800, 15],
  "events.k8s.io/v1": [17750, 15],
  "authentication.k8s.io/v1": [17700, 15],
  "authorization.k8s.io/v1": [17600, 15],
  "autoscaling/v2": [17500, 30],
  "autoscaling/v1": [17500, 15],
  "batch/v1": [17400, 15],
  "certificates.k8s.io/v1": [17300, 15],
  "networking.k8s.io/v1": [17200, 15],
  "policy/v1": [17100, 15],
  "rbac.authorization.k8s.io/v1": [17000, 15],
  "storage.k8s.io/v1": [16800, 15],
  "apiextensions.k8s.io/v1": [16700, 15],
  "admissionregistration.k8s.io/v1": [16700, 15],
  "scheduling.k8s.io/v1": [16600, 15],
  "coordination.k8s.io/v1": [16500, 15],
  "node.k8s.io/v1": [16300, 15],
  "discovery.k8s.io/v1": [16200, 15],
  "resource.k8s.io/v1": [16200, 21],
  "resource.k8s.io/v1beta2": [16200, 15],
  "resource.k8s.io/v1beta1": [16200, 9],
  "flowcontrol.apiserver.k8s.io/v1": [16100, 21],
  "apiregistration.k8s.io/v1": [18000, 15],
};
/** Groups upstream does not have (Skiff's own) come after every upstream group. */
const OTHER: [number, number] = [15000, 9];

/** The local APIServices for the group versions among resources. */
export function desiredLocalAPIServices(resources: readonly ResourceDefinition[]): APIService[] {
  const seen = new Set<string>();
  const out: APIService[] = [];
  for (const r of resources) {
    const gv = `${r.group}/${r.version}`;
    if (seen.has(gv)) continue;
    seen.add(gv);
    const [groupPriorityMinimum, versionPriority] = PRIORITIES[gv] ?? OTHER;
    out.push({
      apiVersion: "apiregistration.k8s.io/v1",
      kind: "APIService",
      metadata: { name: `${r.version}.${r.group}`, labels: { [AUTOMANAGED_LABEL]: ON_START } },
      spec: { group: r.group, version: r.version, groupPriorityMinimum, versionPriority },
    });
  }
  return out;
}

/** One sync at start: create what is missing, restore the spec of our own, remove ours that are no longer served. */
export async function syncLocalAPIServices(client: Client, desired: readonly APIService[]): Promise<void> {
  const existing = (await client.list<APIService>(APISERVICES)).items;
  const wanted = new Map(desired.map((d) => [d.metadata.name!, d]));
  for (const want of desired) {
    const current = existing.find((e) => e.metadata.name === want.metadata.name);
    if (!current) {
      try {
        await client.create(APISERVICES, undefined, want);
      } catch (err) {
        if (!isApiError(err, "AlreadyExists")) throw err;
      }
      continue;
    }
    if (!current.metadata.labels?.[AUTOMANAGED_LABEL]) continue;
    if (JSON.stringify(normalSpec(current)) === JSON.stringify(normalSpec(want))) continue;
    await client.update(APISERVICES, undefined, { ...current, spec: want.spec });
  }
  for (const current of existing) {
    if (current.metadata.labels?.[AUTOMANAGED_LABEL] !== ON_START || wanted.has(current.metadata.name!)) continue;
    try {
      await client.delete(APISERVICES, undefined, current.metadata.name!, { preconditions: { uid: current.metadata.uid } });
    } catch (err) {
      if (!isApiError(err, "NotFound") && !isApiError(err, "Conflict")) throw err;
    }
  }
}

function normalSpec(svc: APIService): unknown {
  const s = svc.spec ?? {};
  return [s.group ?? "", s.version ?? "", s.groupPriorityMinimum ?? 0, s.versionPriority ?? 0, s.service ?? null, s.caBundle ?? "", s.insecureSkipTLSVerify ?? false];
}

const CONTINUOUSLY = "true";

/**
 * Local APIServices kept in step with group versions that come and go while
 * the server runs (upstream's autoregister "sync always", used for custom
 * resource groups): created when wanted, put back when edited or deleted,
 * removed when no longer wanted. APIServices not labelled as ours are left alone.
 */
export class ContinuousLocalRegistration {
  private readonly desired = new Map<string, APIService>();
  private readonly queue: NamedWorkQueue<string>;

  constructor(clock: Clock) {
    this.queue = createWorkQueue<string>({ clock, name: "autoregister" });
  }

  add(group: string, version: string, groupPriorityMinimum: number, versionPriority: number): void {
    const name = `${version}.${group}`;
    this.desired.set(name, {
      apiVersion: "apiregistration.k8s.io/v1",
      kind: "APIService",
      metadata: { name, labels: { [AUTOMANAGED_LABEL]: CONTINUOUSLY } },
      spec: { group, version, groupPriorityMinimum, versionPriority },
    });
    this.queue.add(name);
  }

  remove(group: string, version: string): void {
    const name = `${version}.${group}`;
    if (this.desired.delete(name)) this.queue.add(name);
  }

  /** Runs until signal aborts, re-checking ours whenever an APIService changes. */
  run(client: Client, apiServices: Informer<APIService>, signal: AbortSignal): Promise<void> {
    const enqueue = (svc: APIService) => {
      if (this.desired.has(svc.metadata.name!) || svc.metadata.labels?.[AUTOMANAGED_LABEL] === CONTINUOUSLY) this.queue.add(svc.metadata.name!);
    };
    apiServices.addEventHandler({ onAdd: enqueue, onUpdate: (_o, n) => enqueue(n), onDelete: enqueue });
    const sync = async (name: string) => {
      const want = this.desired.get(name);
      const current = apiServices.lister.get(undefined, name);
      if (!current) {
        if (!want) return;
        await client.create(APISERVICES, undefined, want).catch((err) => {
          if (!isApiError(err, "AlreadyExists")) throw err;
        });
        return;
      }
      if (current.metadata.labels?.[AUTOMANAGED_LABEL] !== CONTINUOUSLY) return;
      if (!want) {
        await client.delete(APISERVICES, undefined, name, { preconditions: { uid: current.metadata.uid } }).catch((err) => {
          if (!isApiError(err, "NotFound") && !isApiError(err, "Conflict")) throw err;
        });
        return;
      }
      if (JSON.stringify(normalSpec(current)) === JSON.stringify(normalSpec(want))) return;
      await client.update(APISERVICES, undefined, { ...current, spec: want.spec }).catch((err) => {
        if (!isApiError(err, "NotFound") && !isApiError(err, "Conflict")) throw err;
      });
    };
    return runController({ name: "autoregister", queue: this.queue, workers: 1, signal, sync, log: () => undefined, error: () => undefined });
  }
}
