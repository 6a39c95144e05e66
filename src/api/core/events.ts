import type { Event } from "kubernetes-types/core/v1.js";
import type { KubeObject, PrintContext, ResourceDefinition } from "../types.js";
import { age } from "../printers.js";
import { fieldErrors, type FieldError } from "../validation/field.js";
import { isDNS1123Subdomain, isQualifiedName } from "../validation/names.js";

export type EventObject = Event & KubeObject;

const LENGTH_LIMIT = 128;
const NOTE_LENGTH_LIMIT = 1024;

/**
 * Upstream's legacyValidateEvent as applied to core/v1 requests: old-style
 * events (no eventTime) need matching namespaces; new-style ones need the
 * reporting fields.
 */
export function validateEvent(ev: EventObject): FieldError[] {
  const errs: FieldError[] = [];
  const ns = ev.metadata.namespace ?? "";
  const involvedNs = ev.involvedObject?.namespace ?? "";
  const mismatch = () => fieldErrors.invalid("involvedObject.namespace", involvedNs, "does not match event.namespace");
  if (!ev.eventTime) {
    if (!involvedNs) {
      if (ns !== "" && ns !== "default") errs.push(mismatch());
    } else if (ns !== involvedNs) errs.push(mismatch());
  } else {
    if (!involvedNs && ns !== "default" && ns !== "kube-system") errs.push(mismatch());
    const controller = ev.reportingComponent ?? "";
    if (!controller) errs.push(fieldErrors.required("reportingComponent"));
    for (const m of isQualifiedName(controller)) errs.push(fieldErrors.invalid("reportingComponent", controller, m));
    const instance = ev.reportingInstance ?? "";
    if (!instance) errs.push(fieldErrors.required("reportingInstance"));
    if (instance.length > LENGTH_LIMIT) errs.push(fieldErrors.invalid("reportingInstance", "", `can have at most ${LENGTH_LIMIT} characters`));
    const action = ev.action ?? "";
    if (!action) errs.push(fieldErrors.required("action"));
    if (action.length > LENGTH_LIMIT) errs.push(fieldErrors.invalid("action", "", `can have at most ${LENGTH_LIMIT} characters`));
    const reason = ev.reason ?? "";
    if (!reason) errs.push(fieldErrors.required("reason"));
    if (reason.length > LENGTH_LIMIT) errs.push(fieldErrors.invalid("reason", "", `can have at most ${LENGTH_LIMIT} characters`));
    if ((ev.message ?? "").length > NOTE_LENGTH_LIMIT) errs.push(fieldErrors.invalid("message", "", `can have at most ${NOTE_LENGTH_LIMIT} characters`));
  }
  for (const m of isDNS1123Subdomain(ns)) errs.push(fieldErrors.invalid("namespace", ns, m));
  return errs;
}

/** Upstream's formatEventSource: "component, host" with the reporting fields as fallbacks. */
export function eventSource(ev: EventObject): string {
  const component = ev.source?.component || ev.reportingComponent || "";
  const instance = ev.source?.host || ev.reportingInstance || "";
  return instance ? `${component}, ${instance}` : component;
}

function firstSeen(ev: EventObject, ctx: PrintContext): string {
  return ev.firstTimestamp ? age(ev.firstTimestamp, ctx.now) : age(ev.eventTime, ctx.now);
}

function lastSeen(ev: EventObject, ctx: PrintContext): string {
  if (ev.series) return age(ev.series.lastObservedTime, ctx.now);
  return ev.lastTimestamp ? age(ev.lastTimestamp, ctx.now) : firstSeen(ev, ctx);
}

function count(ev: EventObject): number {
  if (ev.series) return ev.series.count ?? 0;
  // Singleton events of the new API carry no count.
  return ev.count || 1;
}

function target(ev: EventObject): string {
  const kind = (ev.involvedObject?.kind ?? "").toLowerCase();
  return ev.involvedObject?.name ? `${kind}/${ev.involvedObject.name}` : kind;
}

export const events: ResourceDefinition<EventObject> = {
  group: "",
  version: "v1",
  kind: "Event",
  plural: "events",
  singular: "event",
  namespaced: true,
  shortNames: ["ev"],
  schema: "io.k8s.api.core.v1.Event",
  tracksGeneration: false,
  validate: (ev) => validateEvent(ev),
  validateUpdate: (ev) => validateEvent(ev),
  // Upstream's event table has its own Name column, last and wide-only.
  nameColumn: false,
  columns: [
    { name: "Last Seen", type: "string", description: "The time at which the most recent occurrence of this event was recorded.", cell: lastSeen },
    { name: "Type", type: "string", description: "Type of this event (Normal, Warning), new types could be added in the future", cell: (ev) => ev.type ?? "" },
    { name: "Reason", type: "string", description: "This should be a short, machine understandable string that gives the reason for the transition into the object's current status.", cell: (ev) => ev.reason ?? "" },
    { name: "Object", type: "string", description: "The object that this event is about.", cell: target },
    { name: "Subobject", type: "string", priority: 1, description: 'If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2]. For example, if the object reference is to a container within a pod, this would take on a value like: "spec.containers{name}" (where "name" refers to the name of the container that triggered the event) or if no container name is specified "spec.containers[2]" (container with index 2 in this pod). This syntax is chosen only to have some well-defined way of referencing a part of an object.', cell: (ev) => ev.involvedObject?.fieldPath ?? "" },
    { name: "Source", type: "string", priority: 1, description: "The component reporting this event. Should be a short machine understandable string.", cell: eventSource },
    { name: "Message", type: "string", description: "A human-readable description of the status of this operation.", cell: (ev) => (ev.message ?? "").trim() },
    { name: "First Seen", type: "string", priority: 1, description: "The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)", cell: firstSeen },
    { name: "Count", type: "string", priority: 1, description: "The number of times this event has occurred.", cell: count },
    { name: "Name", type: "string", format: "name", priority: 1, description: "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names", cell: (ev) => ev.metadata.name ?? "" },
  ],
  selectableFields: (ev) => ({
    "involvedObject.kind": ev.involvedObject?.kind ?? "",
    "involvedObject.namespace": ev.involvedObject?.namespace ?? "",
    "involvedObject.name": ev.involvedObject?.name ?? "",
    "involvedObject.uid": ev.involvedObject?.uid ?? "",
    "involvedObject.apiVersion": ev.involvedObject?.apiVersion ?? "",
    "involvedObject.resourceVersion": ev.involvedObject?.resourceVersion ?? "",
    "involvedObject.fieldPath": ev.involvedObject?.fieldPath ?? "",
    reason: ev.reason ?? "",
    reportingComponent: ev.reportingComponent ?? "",
    source: ev.source?.component || ev.reportingComponent || "",
    type: ev.type ?? "",
  }),
};
