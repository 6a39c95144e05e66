/**
 * How token authenticators look up the objects a token names (its
 * ServiceAccount, bound Pod, Secret or Node): straight from the registry,
 * with no HTTP and no cache, so a deletion counts at once.
 */
import type { KubeObject } from "../../api/types.js";

export type CredentialResource = "serviceaccounts" | "secrets" | "pods" | "nodes";

export interface CredentialObjects {
  /** The stored object, or undefined when there is none. */
  get(resource: CredentialResource, namespace: string | undefined, name: string): Promise<KubeObject | undefined>;
}

/** Go's NewNotFound message, as the service-account getter's listers word it ("serviceaccount "x" not found"). */
export function notFoundReason(singular: string, name: string): string {
  return `${singular} "${name}" not found`;
}
