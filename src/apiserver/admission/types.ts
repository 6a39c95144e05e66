/**
 * Admission: plugins that see every write after defaulting and before
 * storage, as upstream's admission chain (mutating first, then validating).
 */
import type { GroupResource } from "../../api/errors.js";
import type { KubeObject, UserInfo } from "../../api/types.js";

export type AdmissionOperation = "CREATE" | "UPDATE" | "DELETE" | "CONNECT";

export interface AdmissionAttributes {
  operation: AdmissionOperation;
  resource: GroupResource;
  kind: string;
  subresource?: string;
  namespace?: string;
  name: string;
  /** The object being written (mutable in admit). Undefined for DELETE. */
  object?: KubeObject;
  oldObject?: KubeObject;
  user?: UserInfo;
  dryRun: boolean;
  /** Warnings for the client, sent as `Warning: 299` headers (kubectl prints them); plugins append. */
  warnings?: string[];
  /** Audit annotations plugins add (e.g. pod-security.kubernetes.io/audit-violations), for the audit log. */
  auditAnnotations?: Record<string, string>;
}

/** Adds a warning to the response of the write being admitted. */
export function addWarning(attrs: AdmissionAttributes, text: string): void {
  (attrs.warnings ??= []).push(text);
}

/** Adds an annotation to the audit event of the write being admitted (upstream's audit.AddAuditAnnotations). */
export function addAuditAnnotation(attrs: AdmissionAttributes, key: string, value: string): void {
  (attrs.auditAnnotations ??= {})[key] = value;
}

export interface AdmissionPlugin {
  name: string;
  /**
   * Whether the plugin has anything to do with this write (upstream's
   * Handles, narrowed to the resource): when false the chain skips both
   * phases without calling them, and measures no time spent. Each phase
   * still checks for itself when called directly.
   */
  handles?(attrs: AdmissionAttributes): boolean;
  /** Mutating phase: may change attrs.object; throws an ApiError to refuse. */
  admit?(attrs: AdmissionAttributes): Promise<void>;
  /** Validating phase: throws an ApiError to refuse. */
  validate?(attrs: AdmissionAttributes): Promise<void>;
}

export interface AdmissionChain {
  admit(attrs: AdmissionAttributes): Promise<void>;
  validate(attrs: AdmissionAttributes): Promise<void>;
}

export function createAdmissionChain(plugins: AdmissionPlugin[]): AdmissionChain {
  return {
    async admit(attrs) {
      for (const p of plugins) if (p.admit && (!p.handles || p.handles(attrs))) await p.admit(attrs);
    },
    async validate(attrs) {
      for (const p of plugins) if (p.validate && (!p.handles || p.handles(attrs))) await p.validate(attrs);
    },
  };
}

/**
 * How plugins read other objects (no authorization), as upstream plugins
 * use listers: the server's lookup reads its watch caches (cached-lookup.ts).
 * The objects are shared: plugins never change them.
 */
export interface AdmissionLookup {
  get(group: string, resource: string, namespace: string | undefined, name: string): Promise<KubeObject | undefined>;
  list(group: string, resource: string, namespace: string | undefined): Promise<KubeObject[]>;
  /** Storage itself, past any cache; absent when get already reads storage. */
  getLive?(group: string, resource: string, namespace: string | undefined, name: string): Promise<KubeObject | undefined>;
}
