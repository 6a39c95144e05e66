/**
 * Whether a DaemonSet's or StatefulSet's computed status differs from the
 * stored one. The API server stores status as upstream's Go encoder writes
 * it (fields in struct order, zero omitempty counters dropped), so the
 * comparison ignores key order and treats a missing counter as zero.
 */
import { canonicalJson } from "./revision.js";

function withoutZeros(status: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(status)) if (v !== undefined && v !== 0 && v !== "") out[k] = v;
  return out;
}

export function statusChanged(next: object, live: object | undefined): boolean {
  return canonicalJson(withoutZeros(next)) !== canonicalJson(withoutZeros(live ?? {}));
}
