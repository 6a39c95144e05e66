/**
 * resource.k8s.io/v1 DeviceClass (cluster-scoped): an admin's preset of
 * device selectors and driver configuration that claims refer to.
 * Upstream's ValidateDeviceClass and its table (NAME AGE).
 */
import { ageColumn } from "../printers.js";
import type { KubeObject, ResourceDefinition } from "../types.js";
import { fieldErrors, path, type FieldError } from "../validation/field.js";
import { isQualifiedName } from "../validation/names.js";
import { DEVICE_CONFIG_MAX, validateDeviceConfiguration, validateList, validateSelectors } from "./common-validation.js";

type Json = Record<string, unknown>;
export type DeviceClassObject = KubeObject & { spec?: { selectors?: Json[]; config?: Json[]; extendedResourceName?: string } };

/** Upstream's IsExtendedResourceName: domain-qualified, outside kubernetes.io, usable as a quota key. */
function isExtendedResourceName(name: string): boolean {
  if (!name.includes("/") || name.startsWith("kubernetes.io/") || name.includes(".kubernetes.io/") || name.startsWith("requests.")) return false;
  return isQualifiedName(`requests.${name}`).length === 0;
}

export function validateDeviceClassSpec(spec: DeviceClassObject["spec"], old?: DeviceClassObject["spec"]): FieldError[] {
  const p = path("spec");
  const s = spec ?? {};
  const stored = old !== undefined && JSON.stringify(s.config ?? null) === JSON.stringify(old.config ?? null);
  const errs = [
    ...validateSelectors(s.selectors, p.child("selectors")),
    ...validateList(s.config, DEVICE_CONFIG_MAX, p.child("config"), (c, cp) => validateDeviceConfiguration(c, cp, stored)),
  ];
  if (s.extendedResourceName !== undefined && s.extendedResourceName !== null && !isExtendedResourceName(s.extendedResourceName)) {
    errs.push(fieldErrors.invalid(p.child("extendedResourceName"), s.extendedResourceName, "must be a valid extended resource name"));
  }
  return errs;
}

export const deviceclasses: ResourceDefinition<DeviceClassObject> = {
  group: "resource.k8s.io",
  version: "v1",
  kind: "DeviceClass",
  plural: "deviceclasses",
  singular: "deviceclass",
  namespaced: false,
  schema: "io.k8s.api.resource.v1.DeviceClass",
  tracksGeneration: true,
  defaults(dc) {
    dc.spec ??= {};
  },
  validate: (dc) => validateDeviceClassSpec(dc.spec),
  validateUpdate: (dc, old) => validateDeviceClassSpec(dc.spec, old.spec ?? {}),
  columns: [ageColumn<DeviceClassObject>()],
};
