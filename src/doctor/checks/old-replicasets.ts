/**
 * Deployments with many old ReplicaSets (S8): every rollout leaves one
 * behind, up to revisionHistoryLimit (10 by default); more than that, or a
 * large limit, keeps objects the API server stores, caches and serves to
 * every watcher. The finding weighs them: their size as JSON and their
 * share of the API server's stored objects (apiserver_storage_objects from
 * its /metrics). Works on any cluster.
 */
import type { Deployment, ReplicaSet } from "kubernetes-types/apps/v1.js";
import type { KubeObject } from "../../api/types.js";
import { DEPLOYMENTS, REPLICASETS } from "../../client/resources.js";
import { parseMetrics, sample } from "../metrics-text.js";
import type { Check, Finding } from "../types.js";

/** More old ReplicaSets than the default revisionHistoryLimit. */
export const MANY_OLD_REPLICASETS = 10;

type RS = ReplicaSet & KubeObject;

export const oldReplicaSets: Check = {
  name: "old-replicasets",
  description: "Deployments keeping many old ReplicaSets (revisionHistoryLimit large), with their share of the API server's stored objects (apiserver_storage_objects)",
  async run({ view }) {
    const byOwner = new Map<string, RS[]>();
    for (const rs of await view.list<RS>(REPLICASETS)) {
      const owner = rs.metadata.ownerReferences?.find((o) => o.kind === "Deployment" && o.controller);
      if (!owner) continue;
      const l = byOwner.get(owner.uid);
      if (l) l.push(rs);
      else byOwner.set(owner.uid, [rs]);
    }
    const heavy: Array<{ d: Deployment & KubeObject; old: RS[] }> = [];
    for (const d of await view.list<Deployment & KubeObject>(DEPLOYMENTS)) {
      const all = byOwner.get(d.metadata.uid ?? "") ?? [];
      const revision = d.metadata.annotations?.["deployment.kubernetes.io/revision"];
      const old = all.filter((rs) => rs.metadata.annotations?.["deployment.kubernetes.io/revision"] !== revision && !(rs.spec?.replicas ?? 0));
      if (old.length > MANY_OLD_REPLICASETS) heavy.push({ d, old });
    }
    if (!heavy.length) return [];
    const metrics = await view.proxyGet("/metrics");
    const samples = metrics.ok ? parseMetrics(metrics.body) : [];
    const stored = samples.filter((s) => s.name === "apiserver_storage_objects");
    const total = stored.reduce((n, s) => n + s.value, 0);
    const replicasets = sample(stored, "apiserver_storage_objects", { resource: "replicasets.apps" });
    return heavy.map(({ d, old }): Finding => {
      const ns = d.metadata.namespace!;
      const name = d.metadata.name!;
      const bytes = old.reduce((n, rs) => n + JSON.stringify(rs).length, 0);
      const limit = d.spec?.revisionHistoryLimit;
      const chain = [
        { text: `Deployment ${ns}/${name}: revisionHistoryLimit ${limit ?? "unset"}, ${old.length} old ReplicaSets (scaled to 0)`, ref: { kind: "Deployment", namespace: ns, name } },
        { text: `they weigh ${(bytes / 1024).toFixed(1)} KiB as JSON, oldest ${old.map((r) => r.metadata.creationTimestamp ?? "").sort()[0] || "?"}` },
      ];
      if (replicasets !== undefined && total > 0) {
        chain.push({ text: `API server /metrics: apiserver_storage_objects{resource="replicasets.apps"} ${replicasets} of ${total} stored objects (${((100 * replicasets) / total).toFixed(1)}%); these old ones are ${((100 * old.length) / total).toFixed(1)}%` });
      } else if (!metrics.ok) {
        chain.push({ text: `API server /metrics not readable (${metrics.error}): its memory share is not known` });
      }
      return {
        check: "old-replicasets",
        severity: "warning",
        about: { kind: "Deployment", namespace: ns, name },
        summary: `Deployment keeps ${old.length} old ReplicaSets`,
        chain,
        fix: `set spec.revisionHistoryLimit (e.g. kubectl patch deployment -n ${ns} ${name} -p '{"spec":{"revisionHistoryLimit":10}}'); the deployment controller then deletes the oldest ReplicaSets`,
        cause: `Deployment/${ns}/${name}/history`,
      };
    });
  },
};
