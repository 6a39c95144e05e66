/** apiextensions.k8s.io/v1 CustomResourceDefinition as JSON (kubernetes-types has no such type). */
import type { JSONSchemaProps } from "../../apiextensions/schema/index.js";
import type { KubeObject } from "../types.js";

export const CRD_GROUP = "apiextensions.k8s.io";
/** The finalizer the deletion of a CRD waits on until every custom resource of it is gone. */
export const CLEANUP_FINALIZER = "customresourcecleanup.apiextensions.k8s.io";

export interface CRDNames {
  plural?: string;
  singular?: string;
  shortNames?: string[];
  kind?: string;
  listKind?: string;
  categories?: string[];
}

export interface CRDColumn {
  name?: string;
  type?: string;
  format?: string;
  description?: string;
  priority?: number;
  jsonPath?: string;
}

export interface CRDScale {
  specReplicasPath?: string;
  statusReplicasPath?: string;
  labelSelectorPath?: string;
}

export interface CRDSubresources {
  status?: Record<string, never> | null;
  scale?: CRDScale | null;
}

export interface CRDSelectableField {
  jsonPath?: string;
}

export interface CRDVersion {
  name: string;
  served?: boolean;
  storage?: boolean;
  deprecated?: boolean;
  deprecationWarning?: string;
  schema?: { openAPIV3Schema?: JSONSchemaProps } | null;
  subresources?: CRDSubresources | null;
  additionalPrinterColumns?: CRDColumn[];
  selectableFields?: CRDSelectableField[];
}

export interface WebhookClientConfig {
  url?: string;
  service?: { namespace?: string; name?: string; path?: string; port?: number };
  caBundle?: string;
}

export interface CRDConversion {
  strategy?: string;
  webhook?: { clientConfig?: WebhookClientConfig; conversionReviewVersions?: string[] } | null;
}

export interface CRDCondition {
  type: string;
  status: "True" | "False" | "Unknown";
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

export interface CustomResourceDefinition extends KubeObject {
  spec: {
    group: string;
    names: CRDNames;
    scope: string;
    versions: CRDVersion[];
    conversion?: CRDConversion;
    preserveUnknownFields?: boolean;
  };
  status?: {
    conditions?: CRDCondition[];
    acceptedNames?: CRDNames;
    storedVersions?: string[];
  };
}

export function crdCondition(crd: CustomResourceDefinition, type: string): CRDCondition | undefined {
  return crd.status?.conditions?.find((c) => c.type === type);
}

export function isCRDConditionTrue(crd: CustomResourceDefinition, type: string): boolean {
  return crdCondition(crd, type)?.status === "True";
}

/**
 * Sets a condition as upstream's SetCRDCondition: the transition time
 * changes only when the status does.
 */
export function setCRDCondition(crd: CustomResourceDefinition, cond: CRDCondition, now: string): void {
  crd.status ??= {};
  const list = (crd.status.conditions ??= []);
  const i = list.findIndex((c) => c.type === cond.type);
  if (i < 0) {
    list.push({ ...cond, lastTransitionTime: cond.lastTransitionTime ?? now });
    return;
  }
  const old = list[i]!;
  const lastTransitionTime = old.status !== cond.status ? (cond.lastTransitionTime ?? now) : old.lastTransitionTime;
  list[i] = { type: cond.type, status: cond.status, lastTransitionTime, reason: cond.reason, message: cond.message };
}

/** The storage version's name, if exactly one version says so. */
export function storageVersion(crd: CustomResourceDefinition): string | undefined {
  return crd.spec.versions.find((v) => v.storage)?.name;
}
