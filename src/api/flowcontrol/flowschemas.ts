/**
 * flowcontrol.apiserver.k8s.io/v1 FlowSchema: which requests go to which
 * priority level. Upstream's ValidateFlowSchema (the parts Skiff's clients
 * meet), status subresource, and the table of printers.go.
 */
import type { FlowSchema } from "kubernetes-types/flowcontrol/v1.js";
import { ageColumn } from "../printers.js";
import type { KubeObject, ResourceDefinition, TableColumn } from "../types.js";
import { fieldErrors, path, type FieldError } from "../validation/field.js";

export type FlowSchemaObject = FlowSchema & KubeObject;

const DISTINGUISHERS = ["ByUser", "ByNamespace"];
const SUBJECT_KINDS = ["ServiceAccount", "Group", "User"];

export function validateFlowSchema(fs: FlowSchemaObject): FieldError[] {
  const sp = path("spec");
  const spec = fs.spec;
  const errs: FieldError[] = [];
  const prec = spec?.matchingPrecedence ?? 0;
  if (prec <= 0 || prec > 10000) errs.push(fieldErrors.invalid(sp.child("matchingPrecedence"), prec, "must be between 1 and 10000, inclusive"));
  if (fs.metadata.name === "exempt" && prec !== 1) errs.push(fieldErrors.invalid(sp.child("matchingPrecedence"), prec, "only the schema named 'exempt' may have matchingPrecedence 1"));
  const dm = spec?.distinguisherMethod?.type;
  if (spec?.distinguisherMethod && !DISTINGUISHERS.includes(dm ?? "")) errs.push(fieldErrors.notSupported(sp.child("distinguisherMethod", "type"), dm ?? "", DISTINGUISHERS));
  if (!spec?.priorityLevelConfiguration?.name) errs.push(fieldErrors.required(sp.child("priorityLevelConfiguration", "name"), "must reference a priority level"));
  (spec?.rules ?? []).forEach((rule, i) => {
    const rp = sp.child("rules").index(i);
    if (!rule.subjects?.length) errs.push(fieldErrors.required(rp.child("subjects"), "subjects must contain at least one value"));
    rule.subjects?.forEach((s, j) => {
      if (!SUBJECT_KINDS.includes(s.kind)) errs.push(fieldErrors.notSupported(rp.child("subjects").index(j).child("kind"), s.kind, SUBJECT_KINDS));
    });
    if (!rule.resourceRules?.length && !rule.nonResourceRules?.length) errs.push(fieldErrors.required(rp, "at least one of resourceRules and nonResourceRules has to be non-empty"));
  });
  return errs;
}

const danglingCell = (fs: FlowSchemaObject) => fs.status?.conditions?.find((c) => c.type === "Dangling")?.status ?? "?";

const columns: TableColumn<FlowSchemaObject>[] = [
  { name: "PriorityLevel", type: "string", description: "`name` is the name of the priority level configuration being referenced Required.", cell: (fs) => fs.spec?.priorityLevelConfiguration?.name ?? "" },
  { name: "MatchingPrecedence", type: "string", description: "`matchingPrecedence` is used to choose among the FlowSchemas that match a given request. The chosen FlowSchema is among those with the numerically lowest (which we take to be logically highest) MatchingPrecedence.  Each MatchingPrecedence value must be ranged in [1,10000]. Note that if the precedence is not specified, it will be set to 1000 as default.", cell: (fs) => fs.spec?.matchingPrecedence ?? 0 },
  { name: "DistinguisherMethod", type: "string", description: "`distinguisherMethod` defines how to compute the flow distinguisher for requests that match this schema. `nil` specifies that the distinguisher is disabled and thus will always be the empty string.", cell: (fs) => fs.spec?.distinguisherMethod?.type ?? "<none>" },
  ageColumn(),
  { name: "MissingPL", type: "string", description: "references a broken or non-existent PriorityLevelConfiguration", cell: danglingCell },
];

export const flowschemas: ResourceDefinition<FlowSchemaObject> = {
  group: "flowcontrol.apiserver.k8s.io",
  version: "v1",
  kind: "FlowSchema",
  plural: "flowschemas",
  singular: "flowschema",
  namespaced: false,
  schema: "io.k8s.api.flowcontrol.v1.FlowSchema",
  hasStatus: true,
  tracksGeneration: true,
  defaults(fs) {
    const spec = (fs.spec ??= { priorityLevelConfiguration: { name: "" } });
    spec.matchingPrecedence ??= 1000;
  },
  prepareForCreate(fs) {
    fs.status = {};
  },
  validate: (fs) => validateFlowSchema(fs),
  validateUpdate: (fs) => validateFlowSchema(fs),
  columns,
};
