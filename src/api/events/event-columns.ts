/**
 * The event table (`kubectl get events`), computed on the core/v1 shape as
 * upstream's printEvent; events.k8s.io/v1 converts first.
 */
import type { ObjectReference } from "kubernetes-types/core/v1.js";
import type { TableColumn } from "../types.js";
import { age } from "../printers.js";
import type { CoreEventObject } from "./convert.js";

function firstSeen(e: CoreEventObject, now: number): string {
  return e.firstTimestamp ? age(e.firstTimestamp, now) : age(e.eventTime, now);
}

function lastSeen(e: CoreEventObject, now: number): string {
  if (e.series) return age(e.series.lastObservedTime, now);
  return e.lastTimestamp ? age(e.lastTimestamp, now) : firstSeen(e, now);
}

function count(e: CoreEventObject): number {
  if (e.series) return e.series.count ?? 0;
  // Singleton events of the new API carry no count.
  return e.count ? e.count : 1;
}

function target(ref: ObjectReference | undefined): string {
  const kind = (ref?.kind ?? "").toLowerCase();
  return ref?.name ? `${kind}/${ref.name}` : kind;
}

/** Upstream's formatEventSource: component (or reporting controller), then ", host". */
function source(e: CoreEventObject): string {
  const component = e.source?.component || e.reportingComponent || "";
  const instance = e.source?.host || e.reportingInstance || "";
  return instance ? `${component}, ${instance}` : component;
}

/**
 * Upstream's columns, minus Name: upstream prints it last and only with
 * `-o wide`, whereas the registry always puts Name first.
 */
export const coreEventColumns: TableColumn<CoreEventObject>[] = [
  { name: "Last Seen", type: "string", description: "The time at which the most recent occurrence of this event was recorded.", cell: (e, ctx) => lastSeen(e, ctx.now) },
  { name: "Type", type: "string", description: "Type of this event (Normal, Warning), new types could be added in the future", cell: (e) => e.type ?? "" },
  { name: "Reason", type: "string", description: "This should be a short, machine understandable string that gives the reason for the transition into the object's current status.", cell: (e) => e.reason ?? "" },
  { name: "Object", type: "string", description: "The object that this event is about.", cell: (e) => target(e.involvedObject) },
  { name: "Subobject", type: "string", priority: 1, description: "If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2].", cell: (e) => e.involvedObject?.fieldPath ?? "" },
  { name: "Source", type: "string", priority: 1, description: "The component reporting this event. Should be a short machine understandable string.", cell: (e) => source(e) },
  { name: "Message", type: "string", description: "A human-readable description of the status of this operation.", cell: (e) => (e.message ?? "").trim() },
  { name: "First Seen", type: "string", priority: 1, description: "The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)", cell: (e, ctx) => firstSeen(e, ctx.now) },
  { name: "Count", type: "string", priority: 1, description: "The number of times this event has occurred.", cell: (e) => count(e) },
];
