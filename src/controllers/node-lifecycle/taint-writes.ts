/**
 * Node taint writes as upstream's controller utils make them
 * (AddOrUpdateTaintOnNode, RemoveTaintOffNode, PatchNodeTaints,
 * SwapNodeControllerTaint): read the node (first from the server's cache,
 * resourceVersion=0, then fresh), send a strategic-merge PATCH that
 * replaces spec.taints and carries the read resourceVersion (spec.taints
 * has no merge key, so only the resourceVersion guards a concurrent
 * change), and retry on Conflict with UpdateTaintBackoff.
 */
import type { Node, Taint } from "kubernetes-types/core/v1.js";
import { isApiError } from "../../api/errors.js";
import type { KubeObject } from "../../api/types.js";
import { errorFromResponse } from "../../client/api-errors.js";
import { NODES } from "../../client/resources.js";
import { resourcePath } from "../../client/rest-client.js";
import type { Client } from "../../client/types.js";
import type { Clock } from "../../util/clock.js";
import { formatTime } from "../../util/time.js";
import { sameTaint } from "./taints.js";

type NodeObject = Node & KubeObject;

export interface TaintWriter {
  client: Client;
  clock: Clock;
  /** Jitter source in [0, 1); Math.random unless a test fixes it. */
  random?: () => number;
}

/** UpdateTaintBackoff: at most five tries, 100 ms apart plus up to 100% jitter. */
export const UPDATE_TAINT_BACKOFF = { steps: 5, durationMs: 100, jitter: 1 };

/** RetryOnConflict: runs fn again after a backoff while it fails with Conflict. */
async function retryOnConflict(w: TaintWriter, fn: () => Promise<void>): Promise<void> {
  const { steps, durationMs, jitter } = UPDATE_TAINT_BACKOFF;
  for (let step = 1; ; step++) {
    try {
      return await fn();
    } catch (err) {
      if (!isApiError(err, "Conflict") || step >= steps) throw err;
    }
    await w.clock.sleep(durationMs + (w.random ?? Math.random)() * jitter * durationMs);
  }
}

/** GET of the node: the first try at resourceVersion=0 (the server's cache), later ones fresh. */
async function getNode(client: Client, nodeName: string, fromCache: boolean): Promise<NodeObject> {
  if (!fromCache) return client.get<NodeObject>(NODES, undefined, nodeName);
  const res = await client.raw("GET", `${resourcePath(NODES, undefined, nodeName)}?resourceVersion=0`);
  if (res.status < 200 || res.status > 299) throw errorFromResponse(res.status, res.body, "GET");
  return (res.object ?? JSON.parse(res.body.toString("utf8"))) as NodeObject;
}

/**
 * PatchNodeTaints: the two-way strategic merge patch from the node without
 * its resourceVersion to the node with the new taints, so the patch holds
 * the resourceVersion and the whole taint list (null when none is left).
 */
export function nodeTaintsPatch(oldNode: NodeObject, taints: readonly Taint[]): { metadata: { resourceVersion?: string }; spec: { taints: Taint[] | null } } {
  return { metadata: { resourceVersion: oldNode.metadata.resourceVersion }, spec: { taints: taints.length ? [...taints] : null } };
}

function sameTaintValue(a: Taint, b: Taint): boolean {
  return a.key === b.key && (a.value ?? "") === (b.value ?? "") && a.effect === b.effect && (a.timeAdded ?? "") === (b.timeAdded ?? "");
}

/** taintutils.AddOrUpdateTaint: replaces the taint with the same key and effect, or appends it. */
export function addOrUpdateTaint(taints: readonly Taint[], taint: Taint): Taint[] | undefined {
  let replaced = false;
  const out: Taint[] = [];
  for (const t of taints) {
    if (!sameTaint(t, taint)) out.push(t);
    else if (sameTaintValue(t, taint)) return undefined;
    else {
      out.push(taint);
      replaced = true;
    }
  }
  if (!replaced) out.push(taint);
  return out;
}

/** taintutils.RemoveTaint: drops every taint with the key and effect. */
export function removeTaint(taints: readonly Taint[], taint: Taint): Taint[] | undefined {
  const out = taints.filter((t) => !sameTaint(t, taint));
  return out.length === taints.length ? undefined : out;
}

/** One read-modify-patch loop over the node's taints; edit returns undefined for no change. */
async function editNodeTaints(w: TaintWriter, nodeName: string, edits: readonly Taint[], edit: (taints: readonly Taint[], t: Taint) => Taint[] | undefined): Promise<void> {
  let firstTry = true;
  await retryOnConflict(w, async () => {
    const oldNode = await getNode(w.client, nodeName, firstTry);
    firstTry = false;
    let taints: readonly Taint[] = oldNode.spec?.taints ?? [];
    let updated = false;
    for (const t of edits) {
      const next = edit(taints, t);
      if (next) {
        taints = next;
        updated = true;
      }
    }
    if (updated) await w.client.patch(NODES, undefined, nodeName, "strategic", nodeTaintsPatch(oldNode, taints));
  });
}

/** AddOrUpdateTaintOnNode. */
export async function addOrUpdateTaintOnNode(w: TaintWriter, nodeName: string, taints: readonly Taint[]): Promise<void> {
  if (taints.length) await editNodeTaints(w, nodeName, taints, addOrUpdateTaint);
}

/** RemoveTaintOffNode: no request at all when the given node carries none of the taints. */
export async function removeTaintOffNode(w: TaintWriter, nodeName: string, node: Node | undefined, taints: readonly Taint[]): Promise<void> {
  if (!taints.length) return;
  if (node && !taints.some((t) => (node.spec?.taints ?? []).some((x) => sameTaint(x, t)))) return;
  await editNodeTaints(w, nodeName, taints, removeTaint);
}

/**
 * SwapNodeControllerTaint: adds the taints (stamped with the time) in one
 * patch, then removes the others in a second; node is the controller's
 * copy, which spares the removal's requests when it has none of them.
 */
export async function swapNodeControllerTaint(w: TaintWriter, node: Node & { metadata: { name?: string } }, add: readonly Taint[], remove: readonly Taint[]): Promise<void> {
  const name = node.metadata.name!;
  const now = formatTime(w.clock.now());
  await addOrUpdateTaintOnNode(w, name, add.map((t) => ({ ...t, timeAdded: now })));
  await removeTaintOffNode(w, name, node, remove);
}
