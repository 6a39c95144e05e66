/**
 * events.k8s.io/v1 Events are stored as core/v1 Events. These convert
 * between the two shapes field by field, as upstream's events/v1 conversion:
 *
 *   events.k8s.io/v1          core/v1
 *   regarding                 involvedObject
 *   note                      message
 *   reportingController       reportingComponent
 *   deprecatedSource          source
 *   deprecatedFirstTimestamp  firstTimestamp
 *   deprecatedLastTimestamp   lastTimestamp
 *   deprecatedCount           count
 *   (the rest keep their names: eventTime, series, action, reason, related,
 *    reportingInstance, type)
 */
import type { Event as CoreEvent } from "kubernetes-types/core/v1.js";
import type { Event as EventsV1Event } from "kubernetes-types/events/v1.js";
import type { KubeObject } from "../types.js";

export type CoreEventObject = CoreEvent & KubeObject;
export type EventObject = Omit<EventsV1Event, "metadata"> & KubeObject;

/** Field pairs whose values carry over unchanged: [events.k8s.io name, core name]. */
const RENAMED: ReadonlyArray<readonly [keyof EventsV1Event & string, keyof CoreEvent & string]> = [
  ["regarding", "involvedObject"],
  ["note", "message"],
  ["reportingController", "reportingComponent"],
  ["deprecatedSource", "source"],
  ["deprecatedFirstTimestamp", "firstTimestamp"],
  ["deprecatedLastTimestamp", "lastTimestamp"],
  ["deprecatedCount", "count"],
];
const SAME = ["eventTime", "series", "action", "reason", "related", "reportingInstance", "type"] as const;

const clone = <T>(v: T): T => (v === undefined ? v : (structuredClone(v) as T));

/** events.k8s.io/v1 -> core/v1 (the stored form). */
export function eventToCore(ev: EventObject): CoreEventObject {
  const src = ev as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = { apiVersion: "v1", kind: "Event", metadata: clone(ev.metadata) };
  for (const [from, to] of RENAMED) if (src[from] !== undefined && src[from] !== null) out[to] = clone(src[from]);
  for (const k of SAME) if (src[k] !== undefined && src[k] !== null) out[k] = clone(src[k]);
  if (out.involvedObject === undefined) out.involvedObject = {};
  return out as CoreEventObject;
}

/** core/v1 (the stored form) -> events.k8s.io/v1. */
export function eventFromCore(ev: KubeObject): EventObject {
  const src = ev as Record<string, unknown>;
  const out: Record<string, unknown> = { apiVersion: "events.k8s.io/v1", kind: "Event", metadata: clone(ev.metadata) };
  for (const [to, from] of RENAMED) if (src[from] !== undefined && src[from] !== null) out[to] = clone(src[from]);
  for (const k of SAME) if (src[k] !== undefined && src[k] !== null) out[k] = clone(src[k]);
  // Go's non-pointer structs: upstream always serialises these two.
  if (out.regarding === undefined) out.regarding = {};
  if (out.deprecatedSource === undefined) out.deprecatedSource = {};
  // The core series' deprecated `state` has no events.k8s.io/v1 counterpart.
  const series = out.series as Record<string, unknown> | undefined;
  if (series) delete series.state;
  return out as EventObject;
}
