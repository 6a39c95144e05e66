/**
 * The strategic merge patch of nodes/status a kubelet sends (upstream's
 * PatchNodeStatus): the difference between the status it read and the one
 * it wants, so a heartbeat carries the conditions' new times, not the
 * whole status. What the kubelet does not set (other conditions, extended
 * resources, other address types) is never touched. Conditions merge by
 * type, in the order upstream's two-way patch states ($setElementOrder):
 * the ones already there keep their place, new ones come last.
 */
import type { NodeCondition, NodeStatus } from "kubernetes-types/core/v1.js";

type Json = unknown;

export function nodeStatusPatch(old: NodeStatus | undefined, next: NodeStatus): { status: Record<string, Json> } {
  if (!old) return { status: next as Record<string, Json> };
  const status: Record<string, Json> = {};
  for (const [key, value] of Object.entries(next)) {
    if (key === "conditions") Object.assign(status, conditionsPatch(old.conditions ?? [], value as NodeCondition[]));
    else if (key === "addresses") {
      // Listed whole when any of ours changed: merged by type, as the full status always was.
      const was = old.addresses ?? [];
      if ((value as NodeStatus["addresses"])!.some((a) => !was.some((w) => w.type === a.type && w.address === a.address))) status.addresses = value;
    } else {
      const d = diff((old as Record<string, Json>)[key], value);
      if (d !== undefined) status[key] = d;
    }
  }
  return { status };
}

/** The changed fields of next against old (recursing into objects); undefined when equal. */
function diff(old: Json, next: Json): Json {
  if (!isObject(next) || !isObject(old)) return sameJson(old, next) ? undefined : next;
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(next)) {
    const d = diff(old[k], v);
    if (d !== undefined) out[k] = d;
  }
  return Object.keys(out).length ? out : undefined;
}

function conditionsPatch(old: NodeCondition[], ours: NodeCondition[]): Record<string, Json> {
  const order = [...old.map((c) => c.type), ...ours.filter((c) => !old.some((o) => o.type === c.type)).map((c) => c.type)];
  const changed: Record<string, Json>[] = [];
  for (const c of ours) {
    const was = old.find((o) => o.type === c.type);
    const d = (was ? diff(was, c) : c) as Record<string, Json> | undefined;
    if (d) changed.push({ ...d, type: c.type });
  }
  if (!changed.length) return {};
  return { "$setElementOrder/conditions": order.map((type) => ({ type })), conditions: changed };
}

function isObject(v: Json): v is Record<string, Json> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function sameJson(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}
