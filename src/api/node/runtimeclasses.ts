/**
 * node.k8s.io/v1 RuntimeClass (cluster-scoped): a CRI handler name with
 * optional pod overhead and scheduling constraints. Upstream's
 * ValidateRuntimeClass: the handler is a DNS label and never changes.
 */
import type { RuntimeClass } from "kubernetes-types/node/v1.js";
import { ageColumn } from "../printers.js";
import type { KubeObject, ResourceDefinition, TableColumn } from "../types.js";
import { validateResourceList } from "../validation/core-common.js";
import { fieldErrors, path, type FieldError } from "../validation/field.js";
import { validateImmutable } from "../validation/immutable.js";
import { validateLabels } from "../validation/labels.js";
import { isDNS1123Label } from "../validation/names.js";
import { validateTolerations } from "../core/pod-validation.js";

export type RuntimeClassObject = RuntimeClass & KubeObject;

export function validateRuntimeClass(rc: RuntimeClassObject): FieldError[] {
  const errs: FieldError[] = [];
  for (const m of isDNS1123Label(rc.handler ?? "")) errs.push(fieldErrors.invalid("handler", rc.handler ?? "", m));
  if (rc.overhead?.podFixed) errs.push(...validateResourceList(rc.overhead.podFixed, path("overhead", "podFixed")));
  if (rc.scheduling) {
    errs.push(...validateLabels(rc.scheduling.nodeSelector, path("scheduling", "nodeSelector")));
    errs.push(...validateTolerations(rc.scheduling.tolerations as never, path("scheduling", "tolerations")));
  }
  return errs;
}

const columns: TableColumn<RuntimeClassObject>[] = [
  { name: "Handler", type: "string", description: "Handler specifies the underlying runtime and configuration that the CRI implementation will use to handle pods of this class. The possible values are specific to the node & CRI configuration.  It is assumed that all handlers are available on every node, and handlers of the same name are equivalent on every node. For example, a handler called \"runc\" might specify that the runc OCI runtime (using native Linux containers) will be used to run the containers in a pod. The Handler must be lowercase, conform to the DNS Label (RFC 1123) requirements, and is immutable.", cell: (rc) => rc.handler ?? "" },
  ageColumn(),
];

export const runtimeclasses: ResourceDefinition<RuntimeClassObject> = {
  group: "node.k8s.io",
  version: "v1",
  kind: "RuntimeClass",
  plural: "runtimeclasses",
  singular: "runtimeclass",
  namespaced: false,
  schema: "io.k8s.api.node.v1.RuntimeClass",
  tracksGeneration: false,
  validate: (rc) => validateRuntimeClass(rc),
  validateUpdate: (rc, old) => [...validateRuntimeClass(rc), ...validateImmutable(rc.handler, old.handler, "handler")],
  columns,
};
