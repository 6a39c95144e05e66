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
  /** Warnings for the client (Warning headers); plugins may append (admission webhooks, policies with Warn). */
  warnings?: string[];
}

export interface AdmissionPlugin {
  name: string;
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
      for (const p of plugins) if (p.admit) await p.admit(attrs);
    },
    async validate(attrs) {
      for (const p of plugins) if (p.validate) await p.validate(attrs);
    },
  };
}
