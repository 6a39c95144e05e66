/**
 * One DaemonSet's reconciliation (upstream's syncDaemonSet): one pod per
 * node that should run it, pinned to the node through required node
 * affinity for the scheduler to bind; failed, duplicate and misplaced pods
 * deleted; RollingUpdate replacing old-revision pods within
 * maxUnavailable; then status.
 */
import { statusChanged } from "../history/status.js";
import type { DaemonSetStatus } from "kubernetes-types/apps/v1.js";
import type { Node } from "kubernetes-types/core/v1.js";
import type { ControllerRevisionObject } from "../../api/apps/controllerrevisions.js";
import type { DaemonSetObject } from "../../api/apps/daemonsets.js";
import type { PodTemplateSpec } from "../../api/core/pod-types.js";
import type { KubeObject } from "../../api/types.js";
import type { EventRecorder } from "../../client/events.js";
import { DAEMONSETS } from "../../client/resources.js";
import { splitKey, type Client, type Lister } from "../../client/types.js";
import type { Clock } from "../../util/clock.js";
import { newControllerRevision, ownedRevisions, POD_REVISION_LABEL, REVISION_HASH_LABEL } from "../history/revision.js";
import { resolveRevisions, truncateHistory, type RevisionStore } from "../history/revisions.js";
import { getControllerOf, isPodAvailable, isPodReady, newControllerRef, selectorMatches, type Expectations, type PodControl, type PodObject } from "../shared/index.js";
import { nodeShouldRunDaemonPod, pinToNode, targetNode } from "./node-fit.js";

export type NodeObject = Omit<Node, "metadata"> & KubeObject;
export const TEMPLATE_GENERATION_LABEL = "pod-template-generation";

export interface DaemonSetSyncDeps {
  daemonSets: Lister<DaemonSetObject>;
  pods: Lister<PodObject>;
  nodes: Lister<NodeObject>;
  revisions: Lister<ControllerRevisionObject>;
  client: Client;
  podControl: PodControl;
  revisionStore: RevisionStore;
  expectations: Expectations;
  recorder: EventRecorder;
  clock: Clock;
}

const isFailed = (p: PodObject) => p.status?.phase === "Failed";
const byAge = (a: PodObject, b: PodObject) => String(a.metadata.creationTimestamp).localeCompare(String(b.metadata.creationTimestamp)) || String(a.metadata.name).localeCompare(String(b.metadata.name));

/** maxUnavailable as a pod count of desired, percentages rounded up (as upstream). */
export function resolveMaxUnavailable(value: number | string | undefined, desired: number): number {
  if (value === undefined) return 1;
  if (typeof value === "number") return value;
  const pct = Number(value.replace("%", ""));
  return Math.ceil((pct * desired) / 100);
}

export async function syncDaemonSet(deps: DaemonSetSyncDeps, key: string): Promise<void> {
  const { namespace, name } = splitKey(key);
  const ds = deps.daemonSets.get(namespace, name);
  if (!ds) {
    deps.expectations.delete(key);
    return;
  }
  if (ds.metadata.deletionTimestamp) return;
  const spec = ds.spec!;
  const build = (revision: number, collisionCount: number) =>
    newControllerRevision({
      parent: ds,
      parentApiVersion: "apps/v1",
      parentKind: "DaemonSet",
      templateLabels: spec.template.metadata?.labels,
      data: { spec: { template: { ...structuredClone(spec.template), $patch: "replace" } } },
      revision,
      collisionCount,
    });
  const revs = await resolveRevisions(deps.revisionStore, ownedRevisions(deps.revisions.list(namespace), ds.metadata.uid), build, undefined, ds.status?.collisionCount ?? 0);
  const hash = revs.update.metadata.labels?.[REVISION_HASH_LABEL] ?? "";

  const nodes = deps.nodes.list();
  const pods = deps.pods.list(namespace).filter((p) => getControllerOf(p)?.uid === ds.metadata.uid && selectorMatches(spec.selector, p.metadata.labels));
  const byNode = new Map<string, PodObject[]>();
  for (const p of pods) {
    if (p.metadata.deletionTimestamp) continue;
    const n = targetNode(p.spec) ?? "";
    byNode.set(n, [...(byNode.get(n) ?? []), p].sort(byAge));
  }

  if (deps.expectations.satisfied(key)) {
    const acted = await manage(deps, key, ds, nodes, byNode, hash);
    if (!acted && spec.updateStrategy?.type !== "OnDelete") await rollingUpdate(deps, key, ds, nodes, byNode, hash);
  }

  const status = computeStatus(ds, nodes, byNode, hash, deps.clock.now());
  status.collisionCount = revs.collisionCount || ds.status?.collisionCount;
  if (statusChanged(status, ds.status)) await deps.client.update(DAEMONSETS, namespace, { ...ds, status }, { subresource: "status" });
  const live = new Set([revs.update.metadata.name ?? "", ...pods.map((p) => `${name}-${p.metadata.labels?.[POD_REVISION_LABEL]}`)]);
  await truncateHistory(deps.revisionStore, revs.all, live, spec.revisionHistoryLimit ?? 10);
}

/** Creates and deletes pods so each eligible node runs one; returns whether it asked for anything. */
async function manage(deps: DaemonSetSyncDeps, key: string, ds: DaemonSetObject, nodes: NodeObject[], byNode: Map<string, PodObject[]>, hash: string): Promise<boolean> {
  const createOn: string[] = [];
  const toDelete: PodObject[] = [];
  const known = new Set<string>();
  for (const node of nodes) {
    const nodeName = node.metadata.name ?? "";
    known.add(nodeName);
    const fit = nodeShouldRunDaemonPod(node as Node, ds);
    const here = byNode.get(nodeName) ?? [];
    if (fit.shouldRun && here.length === 0) createOn.push(nodeName);
    else if (fit.shouldContinueRunning) {
      const failed = here.filter(isFailed);
      for (const p of failed) deps.recorder.event(ds, "Warning", "FailedDaemonPod", `Found failed daemon pod ${p.metadata.namespace}/${p.metadata.name} on node ${nodeName}, will try to kill it`);
      toDelete.push(...failed, ...here.filter((p) => !isFailed(p)).slice(1));
    } else toDelete.push(...here);
  }
  // Pods pinned to nodes that do not exist and never scheduled (getUnscheduledPodsWithoutNode).
  for (const [nodeName, here] of byNode) if (!known.has(nodeName)) toDelete.push(...here.filter((p) => !p.spec?.nodeName));
  if (createOn.length === 0 && toDelete.length === 0) return false;

  const ref = newControllerRef(ds, { apiVersion: "apps/v1", kind: "DaemonSet" });
  const labels = { ...(ds.spec!.template.metadata?.labels ?? {}), [POD_REVISION_LABEL]: hash, [TEMPLATE_GENERATION_LABEL]: String(ds.metadata.generation ?? 1) };
  deps.expectations.expectCreations(key, createOn.length);
  const created = await Promise.allSettled(
    createOn.map((nodeName) => {
      const template: PodTemplateSpec = { metadata: { ...ds.spec!.template.metadata, labels }, spec: pinToNode(ds.spec!.template.spec ?? { containers: [] }, nodeName) };
      return deps.podControl.createPod(ds.metadata.namespace ?? "", template, ds, ref);
    }),
  );
  created.forEach((r) => r.status === "rejected" && deps.expectations.creationObserved(key));
  await deletePods(deps, key, ds, toDelete);
  const failed = created.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed) throw failed.reason;
  return true;
}

async function deletePods(deps: DaemonSetSyncDeps, key: string, ds: DaemonSetObject, pods: PodObject[]): Promise<void> {
  if (pods.length === 0) return;
  deps.expectations.expectDeletions(key, pods.map((p) => p.metadata.uid ?? ""));
  const results = await Promise.allSettled(pods.map((p) => deps.podControl.deletePod(ds.metadata.namespace ?? "", p.metadata.name ?? "", ds)));
  results.forEach((r, i) => r.status === "rejected" && deps.expectations.deletionObserved(key, pods[i].metadata.uid ?? ""));
}

/** Deletes old-revision pods: unavailable ones at once, available ones within maxUnavailable. */
async function rollingUpdate(deps: DaemonSetSyncDeps, key: string, ds: DaemonSetObject, nodes: NodeObject[], byNode: Map<string, PodObject[]>, hash: string): Promise<void> {
  const now = deps.clock.now();
  const minReady = ds.spec?.minReadySeconds ?? 0;
  const eligible = nodes.filter((n) => nodeShouldRunDaemonPod(n as Node, ds).shouldRun);
  const maxUnavailable = resolveMaxUnavailable(ds.spec?.updateStrategy?.rollingUpdate?.maxUnavailable as number | string | undefined, eligible.length);
  let unavailable = 0;
  const oldAvailable: PodObject[] = [];
  const toDelete: PodObject[] = [];
  for (const n of eligible) {
    const pod = (byNode.get(n.metadata.name ?? "") ?? [])[0];
    const available = !!pod && isPodAvailable(pod, minReady, now);
    if (!available) unavailable++;
    if (!pod || pod.metadata.labels?.[POD_REVISION_LABEL] === hash) continue;
    if (available) oldAvailable.push(pod);
    else toDelete.push(pod);
  }
  for (const p of oldAvailable) {
    if (unavailable >= maxUnavailable) break;
    toDelete.push(p);
    unavailable++;
  }
  await deletePods(deps, key, ds, toDelete);
}

export function computeStatus(ds: DaemonSetObject, nodes: NodeObject[], byNode: Map<string, PodObject[]>, hash: string, now: number): DaemonSetStatus {
  const s: DaemonSetStatus = { currentNumberScheduled: 0, desiredNumberScheduled: 0, numberMisscheduled: 0, numberReady: 0, numberAvailable: 0, updatedNumberScheduled: 0, observedGeneration: ds.metadata.generation };
  const minReady = ds.spec?.minReadySeconds ?? 0;
  for (const n of nodes) {
    const pod = (byNode.get(n.metadata.name ?? "") ?? [])[0];
    if (nodeShouldRunDaemonPod(n as Node, ds).shouldRun) {
      s.desiredNumberScheduled++;
      if (!pod) continue;
      s.currentNumberScheduled++;
      if (isPodReady(pod)) {
        s.numberReady++;
        if (isPodAvailable(pod, minReady, now)) s.numberAvailable = (s.numberAvailable ?? 0) + 1;
      }
      if (pod.metadata.labels?.[POD_REVISION_LABEL] === hash) s.updatedNumberScheduled = (s.updatedNumberScheduled ?? 0) + 1;
    } else if (pod) s.numberMisscheduled++;
  }
  const unavailable = s.desiredNumberScheduled - (s.numberAvailable ?? 0);
  if (unavailable > 0) s.numberUnavailable = unavailable;
  return s;
}
