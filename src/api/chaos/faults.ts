/**
 * faults.chaos.skiff.dev/v1 Fault: a fault injected into a component, as an
 * API object so that every component (in any process) sees it through its
 * informers, and `kubectl delete fault` heals it.
 *
 *   apiVersion: chaos.skiff.dev/v1
 *   kind: Fault
 *   metadata: {name: node-1-hang}
 *   spec: {type: RuntimeHang, target: node-1, duration: 5m}
 */
import type { KubeObject, ResourceDefinition } from "../types.js";
import { age } from "../printers.js";
import { fieldErrors, type FieldError } from "../validation/field.js";

export const FAULT_TYPES = ["NodeHeartbeatStop", "RuntimeHang", "RuntimeSlow"] as const;
export type FaultType = (typeof FAULT_TYPES)[number];

export interface FaultSpec {
  type: FaultType;
  /** What the fault hits: a node name for node faults. */
  target: string;
  /** Go duration ("90s", "5m"); the fault ends by itself after it. */
  duration?: string;
  /** RuntimeSlow: delay added to every runtime call, as a Go duration. */
  delay?: string;
}

export type FaultObject = KubeObject & { spec: FaultSpec; status?: { phase?: string; startTime?: string; endTime?: string } };

const durationRe = /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/;

function validate(f: FaultObject): FieldError[] {
  const errs: FieldError[] = [];
  const spec = f.spec;
  if (!spec) return [fieldErrors.required("spec", "")];
  if (!spec.type) errs.push(fieldErrors.required("spec.type", ""));
  else if (!FAULT_TYPES.includes(spec.type)) errs.push(fieldErrors.notSupported("spec.type", spec.type, FAULT_TYPES));
  if (!spec.target) errs.push(fieldErrors.required("spec.target", ""));
  if (spec.duration !== undefined && !durationRe.test(spec.duration)) errs.push(fieldErrors.invalid("spec.duration", spec.duration, "must be a duration such as 90s or 5m"));
  if (spec.delay !== undefined && !durationRe.test(spec.delay)) errs.push(fieldErrors.invalid("spec.delay", spec.delay, "must be a duration such as 500ms or 10s"));
  return errs;
}

export const faults: ResourceDefinition<FaultObject> = {
  group: "chaos.skiff.dev",
  version: "v1",
  kind: "Fault",
  plural: "faults",
  singular: "fault",
  namespaced: false,
  schema: "dev.skiff.chaos.v1.Fault",
  hasStatus: true,
  validate,
  validateUpdate: (f) => validate(f),
  columns: [
    { name: "Type", type: "string", description: "The kind of fault.", cell: (f) => f.spec?.type ?? "" },
    { name: "Target", type: "string", description: "What the fault hits.", cell: (f) => f.spec?.target ?? "" },
    { name: "Duration", type: "string", description: "How long the fault lasts; <none> until deleted.", cell: (f) => f.spec?.duration ?? "<none>" },
    { name: "Age", type: "string", description: "Time since the fault was created.", cell: (f, ctx) => age(f.metadata.creationTimestamp, ctx.now) },
  ],
  selectableFields: (f) => ({ "spec.type": f.spec?.type ?? "", "spec.target": f.spec?.target ?? "" }),
};
