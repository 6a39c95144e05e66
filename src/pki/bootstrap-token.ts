/**
 * Bootstrap tokens (kubeadm's `abcdef.0123456789abcdef`): the token format,
 * the Secret that stores one in kube-system, and reading it back. A token's
 * id is public (it names the Secret and the user); its secret is the
 * credential and the key of the cluster-info signatures.
 */
import { randomInt, timingSafeEqual } from "node:crypto";

export const BOOTSTRAP_TOKEN_SECRET_TYPE = "bootstrap.kubernetes.io/token";
export const BOOTSTRAP_TOKEN_SECRET_PREFIX = "bootstrap-token-";
export const BOOTSTRAP_USER_PREFIX = "system:bootstrap:";
export const BOOTSTRAP_DEFAULT_GROUP = "system:bootstrappers";
/** The extra group kubeadm gives the tokens it creates. */
export const KUBEADM_DEFAULT_NODE_TOKEN_GROUP = "system:bootstrappers:kubeadm:default-node-token";
export const BOOTSTRAP_USAGES = ["signing", "authentication"] as const;
export type BootstrapUsage = (typeof BOOTSTRAP_USAGES)[number];

export const TOKEN_PATTERN = /^([a-z0-9]{6})\.([a-z0-9]{16})$/;
export const TOKEN_ID_PATTERN = /^[a-z0-9]{6}$/;
const SECRET_PATTERN = /^[a-z0-9]{16}$/;
/** Upstream's BootstrapGroupPattern: extra groups must be system:bootstrappers:<something>. */
const GROUP_PATTERN = /^system:bootstrappers:[a-z0-9:-]{0,255}[a-z0-9]$/;
const ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

export interface BootstrapToken {
  id: string;
  secret: string;
}

/** The token's two halves, or undefined when it is not in the bootstrap token format. */
export function parseBootstrapToken(text: string): BootstrapToken | undefined {
  const m = TOKEN_PATTERN.exec(text);
  return m ? { id: m[1], secret: m[2] } : undefined;
}

export function formatBootstrapToken(t: BootstrapToken): string {
  return `${t.id}.${t.secret}`;
}

/** A fresh random token, from a cryptographic source. */
export function generateBootstrapToken(): BootstrapToken {
  const pick = (n: number) => Array.from({ length: n }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");
  return { id: pick(6), secret: pick(16) };
}

export function bootstrapTokenSecretName(id: string): string {
  return `${BOOTSTRAP_TOKEN_SECRET_PREFIX}${id}`;
}

/** Compares two token secrets in constant time (for equal lengths). */
export function secretsEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** An extra group's problem as upstream words it, or undefined when it is a valid one. */
export function bootstrapGroupError(group: string): string | undefined {
  return GROUP_PATTERN.test(group) ? undefined : `bootstrap group "${group}" is invalid (must match ${GROUP_PATTERN.source.slice(1, -1)})`;
}

/** What a bootstrap token Secret says, decoded. */
export interface BootstrapTokenInfo extends BootstrapToken {
  /** Absent: the token never expires. */
  expiration?: Date;
  usages: BootstrapUsage[];
  extraGroups: string[];
  description?: string;
}

export interface BootstrapTokenSpec extends BootstrapToken {
  /** Absent: never expires. */
  expiration?: Date;
  usages: readonly BootstrapUsage[];
  extraGroups: readonly string[];
  description?: string;
}

type SecretLike = { metadata: { name?: string; namespace?: string }; type?: string; data?: Record<string, string> };

/** The Secret `kubeadm token create` writes: stringData-free, data base64. */
export function bootstrapTokenSecret(spec: BootstrapTokenSpec): SecretLike & { apiVersion: string; kind: string; type: string } {
  const data: Record<string, string> = { "token-id": spec.id, "token-secret": spec.secret };
  if (spec.description) data.description = spec.description;
  if (spec.expiration) data.expiration = spec.expiration.toISOString().replace(/\.\d{3}Z$/, "Z");
  for (const u of spec.usages) data[`usage-bootstrap-${u}`] = "true";
  if (spec.extraGroups.length) data["auth-extra-groups"] = spec.extraGroups.join(",");
  const encoded = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v).toString("base64")]));
  return { apiVersion: "v1", kind: "Secret", metadata: { name: bootstrapTokenSecretName(spec.id), namespace: "kube-system" }, type: BOOTSTRAP_TOKEN_SECRET_TYPE, data: encoded };
}

/**
 * Reads a bootstrap token Secret. Undefined when it is not one: another
 * type, a name that does not match its token-id, a malformed id or secret
 * (upstream's bootstrap signer and authenticator ignore such Secrets).
 */
export function readBootstrapTokenSecret(secret: SecretLike): BootstrapTokenInfo | undefined {
  if (secret.type !== BOOTSTRAP_TOKEN_SECRET_TYPE) return undefined;
  const get = (k: string) => (secret.data?.[k] === undefined ? undefined : Buffer.from(secret.data[k], "base64").toString("utf8"));
  const id = get("token-id");
  const tokenSecret = get("token-secret");
  if (!id || !tokenSecret || !TOKEN_ID_PATTERN.test(id) || !SECRET_PATTERN.test(tokenSecret)) return undefined;
  if (secret.metadata.name !== bootstrapTokenSecretName(id)) return undefined;
  const exp = get("expiration");
  let expiration: Date | undefined;
  if (exp !== undefined) {
    expiration = new Date(exp);
    // An unparsable expiration counts as expired: never trust a token we cannot date.
    if (Number.isNaN(expiration.getTime())) expiration = new Date(0);
  }
  const usages = BOOTSTRAP_USAGES.filter((u) => get(`usage-bootstrap-${u}`) === "true");
  const extraGroups = (get("auth-extra-groups") ?? "")
    .split(",")
    .map((g) => g.trim())
    .filter(Boolean);
  return { id, secret: tokenSecret, expiration, usages, extraGroups, description: get("description") };
}

export function isTokenExpired(info: { expiration?: Date }, now: number): boolean {
  return info.expiration !== undefined && info.expiration.getTime() <= now;
}
