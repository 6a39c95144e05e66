/**
 * Legacy service-account tokens: the never-expiring JWTs the tokens
 * controller writes into Secrets of type kubernetes.io/service-account-token
 * (issuer "kubernetes/serviceaccount"). Such a token is good while its
 * Secret exists, holds that very token and is not being deleted, and while
 * its ServiceAccount exists with the uid the token names.
 */
import type { KubeObject } from "../../api/types.js";
import type { RegisteredClaims } from "./jwt-verify.js";
import { notFoundReason, type CredentialObjects } from "./credential-objects.js";
import { splitServiceAccountUsername, type ServiceAccountInfo, type ServiceAccountTokenValidator } from "./service-account-jwt.js";

export const LEGACY_ISSUER = "kubernetes/serviceaccount";
export const LEGACY_NAMESPACE_CLAIM = "kubernetes.io/serviceaccount/namespace";
export const LEGACY_SECRET_NAME_CLAIM = "kubernetes.io/serviceaccount/secret.name";
export const LEGACY_SA_NAME_CLAIM = "kubernetes.io/serviceaccount/service-account.name";
export const LEGACY_SA_UID_CLAIM = "kubernetes.io/serviceaccount/service-account.uid";

type SecretObject = KubeObject & { data?: Record<string, string> };

/** The claims of a legacy token for a ServiceAccount and its Secret (upstream's LegacyClaims plus iss). */
export function legacyTokenClaims(sa: { namespace: string; name: string; uid: string }, secretName: string): Record<string, unknown> {
  return {
    iss: LEGACY_ISSUER,
    [LEGACY_NAMESPACE_CLAIM]: sa.namespace,
    [LEGACY_SECRET_NAME_CLAIM]: secretName,
    [LEGACY_SA_NAME_CLAIM]: sa.name,
    [LEGACY_SA_UID_CLAIM]: sa.uid,
    sub: `system:serviceaccount:${sa.namespace}:${sa.name}`,
  };
}

export function createLegacyTokenValidator(objects: CredentialObjects): ServiceAccountTokenValidator {
  return {
    async validate(token: string, claims: RegisteredClaims, raw: Record<string, unknown>): Promise<ServiceAccountInfo | string> {
      const claim = (k: string) => (typeof raw[k] === "string" ? (raw[k] as string) : "");
      if (!claims.sub) return "sub claim is missing";
      const namespace = claim(LEGACY_NAMESPACE_CLAIM);
      if (!namespace) return "namespace claim is missing";
      const secretName = claim(LEGACY_SECRET_NAME_CLAIM);
      if (!secretName) return "secretName claim is missing";
      const saName = claim(LEGACY_SA_NAME_CLAIM);
      if (!saName) return "serviceAccountName claim is missing";
      const saUid = claim(LEGACY_SA_UID_CLAIM);
      if (!saUid) return "serviceAccountUID claim is missing";
      const subject = splitServiceAccountUsername(claims.sub);
      if (!subject || subject[0] !== namespace || subject[1] !== saName) return "sub claim is invalid";

      const secret = (await objects.get("secrets", namespace, secretName)) as SecretObject | undefined;
      if (!secret || secret.metadata.deletionTimestamp) return "token has been invalidated";
      // Secret data is base64 on the wire and in storage.
      if (Buffer.from(secret.data?.token ?? "", "base64").toString("utf8") !== token) return "token does not match server's copy";
      const account = await objects.get("serviceaccounts", namespace, saName);
      if (!account) return notFoundReason("serviceaccount", saName);
      if (account.metadata.deletionTimestamp) return `ServiceAccount ${namespace}/${saName} has been deleted`;
      if (account.metadata.uid !== saUid) return `ServiceAccount UID (${account.metadata.uid ?? ""}) does not match claim (${saUid})`;
      return { namespace, name: saName, uid: saUid };
    },
  };
}
