/** What the generic registry needs from the server, and what writes take. */
import type { Store } from "../../storage/store.js";
import type { Clock } from "../../util/clock.js";
import type { KubeObject, RegistryServices, ResourceDefinition, UserInfo } from "../../api/types.js";
import type { AdmissionChain } from "../admission/types.js";
import type { PatchEngine } from "../handlers/patch.js";

export type FieldValidation = "Strict" | "Warn" | "Ignore";

export interface WriteOptions {
  dryRun: boolean;
  fieldManager?: string;
  fieldValidation: FieldValidation;
  user?: UserInfo;
  /** Receives the audit annotations admission plugins add to this write (for the audit log). */
  auditAnnotations?: Record<string, string>;
}

export interface WriteResult {
  object: KubeObject;
  warnings: string[];
  /** True when the write created the object (PUT/apply to a missing object). */
  created?: boolean;
  /** JSON.stringify(object), made from the stored text (ResourceRegistry.wireJson) when it could be. */
  json?: string;
}

/** Finds fields the schema does not know, as upstream paths ("spec.foo", "spec.containers[0].bar"). */
export type UnknownFieldFinder = (def: ResourceDefinition, obj: KubeObject) => string[];

/** Tracks managedFields on non-apply writes. */
export type ManagedFieldsUpdater = (def: ResourceDefinition, old: KubeObject | undefined, obj: KubeObject, manager: string, subresource: string | undefined, now: number) => void;

export interface RegistryDeps {
  store: Store;
  clock: Clock;
  /** Services for hooks; dry-run requests get a variant that reserves nothing. */
  services(dryRun: boolean): RegistryServices;
  admission: AdmissionChain;
  unknownFields?: UnknownFieldFinder;
  managedFields?: ManagedFieldsUpdater;
  patch?: PatchEngine;
}
