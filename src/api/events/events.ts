import type { ResourceDefinition, TableColumn } from "../types.js";
import { fieldErrors, type FieldError } from "../validation/field.js";
import { isDNS1123Subdomain, isQualifiedName } from "../validation/names.js";
import { eventFromCore, eventToCore, type EventObject } from "./convert.js";
import { events as coreEvents } from "../core/events.js";
import { validateImmutable } from "../validation/immutable.js";

const REPORTING_INSTANCE_LIMIT = 128;
const ACTION_LIMIT = 128;
const REASON_LIMIT = 128;
const NOTE_LIMIT = 1024;

const longer = (v: string | undefined, n: number) => (v ?? "").length > n;

/**
 * Upstream's ValidateEventCreate for events.k8s.io/v1 requests: the legacy
 * checks (whose field paths use core names) then the strict ones.
 */
function validateCreate(ev: EventObject): FieldError[] {
  const errs: FieldError[] = [];
  const ns = ev.metadata.namespace ?? "";
  if (!ev.regarding?.namespace && ns !== "default" && ns !== "kube-system") {
    errs.push(fieldErrors.invalid("involvedObject.namespace", ev.regarding?.namespace ?? "", "does not match event.namespace"));
  }
  if (!ev.reportingController) errs.push(fieldErrors.required("reportingController"));
  for (const m of isQualifiedName(ev.reportingController ?? "")) errs.push(fieldErrors.invalid("reportingController", ev.reportingController ?? "", m));
  if (!ev.reportingInstance) errs.push(fieldErrors.required("reportingInstance"));
  if (longer(ev.reportingInstance, REPORTING_INSTANCE_LIMIT)) errs.push(fieldErrors.invalid("reportingInstance", "", `can have at most ${REPORTING_INSTANCE_LIMIT} characters`));
  if (!ev.action) errs.push(fieldErrors.required("action"));
  if (longer(ev.action, ACTION_LIMIT)) errs.push(fieldErrors.invalid("action", "", `can have at most ${ACTION_LIMIT} characters`));
  if (!ev.reason) errs.push(fieldErrors.required("reason"));
  if (longer(ev.reason, REASON_LIMIT)) errs.push(fieldErrors.invalid("reason", "", `can have at most ${REASON_LIMIT} characters`));
  if (longer(ev.note, NOTE_LIMIT)) errs.push(fieldErrors.invalid("message", "", `can have at most ${NOTE_LIMIT} characters`));
  for (const m of isDNS1123Subdomain(ns)) errs.push(fieldErrors.invalid("namespace", ns, m));

  errs.push(...validateSeries(ev));
  if (!ev.eventTime) errs.push(fieldErrors.required("eventTime"));
  if (ev.type !== "Normal" && ev.type !== "Warning") errs.push(fieldErrors.invalid("type", "", `has invalid value: ${ev.type ?? ""}`));
  if (ev.deprecatedFirstTimestamp) errs.push(fieldErrors.invalid("deprecatedFirstTimestamp", "", "needs to be unset"));
  if (ev.deprecatedLastTimestamp) errs.push(fieldErrors.invalid("deprecatedLastTimestamp", "", "needs to be unset"));
  if (ev.deprecatedCount) errs.push(fieldErrors.invalid("deprecatedCount", "", "needs to be unset"));
  if (ev.deprecatedSource?.component || ev.deprecatedSource?.host) errs.push(fieldErrors.invalid("deprecatedSource", "", "needs to be unset"));
  return errs;
}

function validateSeries(ev: EventObject): FieldError[] {
  if (!ev.series) return [];
  const errs: FieldError[] = [];
  if ((ev.series.count ?? 0) < 2) errs.push(fieldErrors.invalid("series.count", "", "should be at least 2"));
  if (!ev.series.lastObservedTime) errs.push(fieldErrors.required("series.lastObservedTime"));
  return errs;
}

/** Upstream's ValidateEventUpdate for events.k8s.io/v1: only the series may change. */
function validateUpdate(ev: EventObject, old: EventObject): FieldError[] {
  const pairs: [unknown, unknown, string][] = [
    [ev.regarding, old.regarding, "involvedObject"],
    [ev.reason, old.reason, "reason"],
    [ev.note, old.note, "message"],
    [ev.deprecatedSource, old.deprecatedSource, "source"],
    [ev.deprecatedFirstTimestamp, old.deprecatedFirstTimestamp, "firstTimestamp"],
    [ev.deprecatedLastTimestamp, old.deprecatedLastTimestamp, "lastTimestamp"],
    [ev.deprecatedCount, old.deprecatedCount, "count"],
    [ev.type, old.type, "type"],
    [ev.eventTime, old.eventTime, "eventTime"],
    [ev.action, old.action, "action"],
    [ev.related, old.related, "related"],
    [ev.reportingController, old.reportingController, "reportingController"],
    [ev.reportingInstance, old.reportingInstance, "reportingInstance"],
  ];
  return [...validateSeries(ev), ...pairs.flatMap(([a, b, p]) => validateImmutable(a, b, p))];
}

// The same table as core/v1 events, read through the conversion.
const columns: TableColumn<EventObject>[] = (coreEvents.columns ?? []).map((c) => ({ ...c, cell: (e, ctx) => c.cell(eventToCore(e) as never, ctx) }));

/** events.k8s.io/v1 Event: a view of the core/v1 events storage. */
export const events: ResourceDefinition<EventObject> = {
  group: "events.k8s.io",
  version: "v1",
  kind: "Event",
  plural: "events",
  singular: "event",
  namespaced: true,
  shortNames: ["ev"],
  schema: "io.k8s.api.events.v1.Event",
  tracksGeneration: false,
  sharedStorage: { group: "", resource: "events", toStored: eventToCore, fromStored: eventFromCore },
  validate: (ev) => validateCreate(ev),
  validateUpdate: (ev, old) => validateUpdate(ev, old),
  nameColumn: false,
  columns,
  selectableFields(ev) {
    const r = ev.regarding ?? {};
    const fields: Record<string, string> = {
      "regarding.kind": r.kind ?? "",
      "regarding.namespace": r.namespace ?? "",
      "regarding.name": r.name ?? "",
      "regarding.uid": r.uid ?? "",
      "regarding.apiVersion": r.apiVersion ?? "",
      "regarding.resourceVersion": r.resourceVersion ?? "",
      "regarding.fieldPath": r.fieldPath ?? "",
      reason: ev.reason ?? "",
      reportingController: ev.reportingController ?? "",
      type: ev.type ?? "",
    };
    // The core names work too: both views select over one storage.
    for (const [k, v] of Object.entries(fields)) if (k.startsWith("regarding.")) fields[`involvedObject.${k.slice(10)}`] = v;
    fields.reportingComponent = fields.reportingController;
    fields.source = ev.deprecatedSource?.component ?? "";
    return fields;
  },
};
