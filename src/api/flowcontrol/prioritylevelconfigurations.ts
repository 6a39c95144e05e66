/**
 * flowcontrol.apiserver.k8s.io/v1 PriorityLevelConfiguration: Exempt, or
 * Limited with concurrency shares and a queue-or-reject response. Upstream's
 * defaults (SetDefaults_*) and ValidatePriorityLevelConfiguration, status
 * subresource, and the table of printers.go.
 */
import type { LimitedPriorityLevelConfiguration, PriorityLevelConfiguration } from "kubernetes-types/flowcontrol/v1.js";
import { ageColumn } from "../printers.js";
import type { KubeObject, ResourceDefinition, TableColumn } from "../types.js";
import { fieldErrors, path, type FieldError, type FieldPath } from "../validation/field.js";

export type PriorityLevelObject = PriorityLevelConfiguration & KubeObject;

const TYPES = ["Exempt", "Limited"];
const RESPONSES = ["Queue", "Reject"];

/** SetDefaults_LimitedPriorityLevelConfiguration / _QueuingConfiguration / _ExemptPriorityLevelConfiguration. */
export function defaultPriorityLevel(pl: PriorityLevelObject): void {
  const spec = pl.spec;
  if (!spec) return;
  if (spec.limited) {
    const l = spec.limited as LimitedPriorityLevelConfiguration;
    l.nominalConcurrencyShares ??= 30;
    l.lendablePercent ??= 0;
    const q = l.limitResponse?.queuing;
    if (q) {
      q.handSize ||= 8;
      q.queues ||= 64;
      q.queueLengthLimit ||= 50;
    }
  }
  if (spec.exempt) {
    spec.exempt.nominalConcurrencyShares ??= 0;
    spec.exempt.lendablePercent ??= 0;
  }
}

function validateLimited(l: LimitedPriorityLevelConfiguration, at: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if ((l.nominalConcurrencyShares ?? 0) < 0) errs.push(fieldErrors.invalid(at.child("nominalConcurrencyShares"), l.nominalConcurrencyShares, "must be a non-negative integer"));
  const lp = l.lendablePercent ?? 0;
  if (lp < 0 || lp > 100) errs.push(fieldErrors.invalid(at.child("lendablePercent"), lp, "must be between 0 and 100, inclusive"));
  const rt = l.limitResponse?.type ?? "";
  const rp = at.child("limitResponse");
  if (!RESPONSES.includes(rt)) errs.push(fieldErrors.notSupported(rp.child("type"), rt, RESPONSES));
  if (rt === "Reject" && l.limitResponse?.queuing) errs.push(fieldErrors.forbidden(rp.child("queuing"), "must be nil if limited.limitResponse.type is not Limited"));
  if (rt === "Queue") {
    const q = l.limitResponse?.queuing;
    if (!q) errs.push(fieldErrors.required(rp.child("queuing"), "must not be empty if limited.limitResponse.type is Limited"));
    else {
      const qp = rp.child("queuing");
      const { queues = 0, handSize = 0, queueLengthLimit = 0 } = q;
      if (queueLengthLimit <= 0) errs.push(fieldErrors.invalid(qp.child("queueLengthLimit"), queueLengthLimit, "must be positive"));
      if (queues <= 0) errs.push(fieldErrors.invalid(qp.child("queues"), queues, "must be positive"));
      if (handSize <= 0) errs.push(fieldErrors.invalid(qp.child("handSize"), handSize, "must be positive"));
      else if (handSize > queues) errs.push(fieldErrors.invalid(qp.child("handSize"), handSize, `should not be greater than queues (${queues})`));
    }
  }
  return errs;
}

export function validatePriorityLevel(pl: PriorityLevelObject): FieldError[] {
  const sp = path("spec");
  const spec = pl.spec;
  const type = spec?.type ?? "";
  const errs: FieldError[] = [];
  if (!TYPES.includes(type)) return [fieldErrors.notSupported(sp.child("type"), type, TYPES)];
  if (type === "Exempt") {
    if (spec?.limited) errs.push(fieldErrors.forbidden(sp.child("limited"), "must be nil if the type is not Limited"));
  } else {
    if (spec?.exempt) errs.push(fieldErrors.forbidden(sp.child("exempt"), "must be nil if the type is Limited"));
    if (!spec?.limited) errs.push(fieldErrors.required(sp.child("limited"), "must not be empty when type is Limited"));
    else errs.push(...validateLimited(spec.limited, sp.child("limited")));
  }
  if (pl.metadata.name === "exempt" && type !== "Exempt") errs.push(fieldErrors.invalid(sp.child("type"), type, "type must be 'Exempt' if and only if name is 'exempt'"));
  if (pl.metadata.name !== "exempt" && type === "Exempt") errs.push(fieldErrors.invalid(sp.child("type"), type, "type must be 'Exempt' if and only if name is 'exempt'"));
  return errs;
}

const queuing = (pl: PriorityLevelObject) => pl.spec?.limited?.limitResponse?.queuing;

const columns: TableColumn<PriorityLevelObject>[] = [
  { name: "Type", type: "string", description: "`type` indicates whether this priority level is subject to limitation on request execution.  A value of `\"Exempt\"` means that requests of this priority level are not subject to a limit (and thus are never queued) and do not detract from the capacity made available to other priority levels.  A value of `\"Limited\"` means that (a) requests of this priority level _are_ subject to limits and (b) some of the server's limited capacity is made available exclusively to this priority level. Required.", cell: (pl) => pl.spec?.type ?? "" },
  { name: "NominalConcurrencyShares", type: "string", description: "`nominalConcurrencyShares` (NCS) contributes to the computation of the NominalConcurrencyLimit (NominalCL) of this level.", cell: (pl) => pl.spec?.limited ? (pl.spec.limited.nominalConcurrencyShares ?? 0) : "<none>" },
  { name: "Queues", type: "string", description: "`queues` is the number of queues for this priority level. The queues exist independently at each apiserver. The value must be positive.  Setting it to 1 effectively precludes shufflesharding and thus makes the distinguisher method of associated flow schemas irrelevant.  This field has a default value of 64.", cell: (pl) => queuing(pl)?.queues ?? "<none>" },
  { name: "HandSize", type: "string", description: "`handSize` is a small positive number that configures the shuffle sharding of requests into queues.", cell: (pl) => queuing(pl)?.handSize ?? "<none>" },
  { name: "QueueLengthLimit", type: "string", description: "`queueLengthLimit` is the maximum number of requests allowed to be waiting in a given queue of this priority level at a time; excess requests are rejected.  This value must be positive.  If not specified, it will be defaulted to 50.", cell: (pl) => queuing(pl)?.queueLengthLimit ?? "<none>" },
  ageColumn(),
];

export const prioritylevelconfigurations: ResourceDefinition<PriorityLevelObject> = {
  group: "flowcontrol.apiserver.k8s.io",
  version: "v1",
  kind: "PriorityLevelConfiguration",
  plural: "prioritylevelconfigurations",
  singular: "prioritylevelconfiguration",
  namespaced: false,
  schema: "io.k8s.api.flowcontrol.v1.PriorityLevelConfiguration",
  hasStatus: true,
  tracksGeneration: true,
  defaults: defaultPriorityLevel,
  prepareForCreate(pl) {
    pl.status = {};
  },
  validate: (pl) => validatePriorityLevel(pl),
  validateUpdate: (pl) => validatePriorityLevel(pl),
  columns,
};
