/**
 * The legacy service-account token controller (upstream's "serviceaccount-token"
 * controller, the tokens controller): a Secret of type
 * kubernetes.io/service-account-token naming a ServiceAccount in its
 * kubernetes.io/service-account.name annotation gets data `token` (a
 * never-expiring JWT signed with sa.key), `ca.crt` and `namespace`, and the
 * account's uid in kubernetes.io/service-account.uid. When the account is
 * deleted (or replaced by one with another uid), its token Secrets are
 * deleted. Runs only when the controller manager holds the signing key.
 */
import { createHash, createPublicKey } from "node:crypto";
import type { Secret, ServiceAccount } from "kubernetes-types/core/v1.js";
import { isApiError } from "../../api/errors.js";
import type { KubeObject } from "../../api/types.js";
import { legacyTokenClaims } from "../../apiserver/authn/legacy-service-account-token.js";
import { createWorkQueue, runController } from "../../client/index.js";
import { SECRETS, SERVICEACCOUNTS } from "../../client/resources.js";
import type { Controller } from "../../client/types.js";
import { signJwt } from "../../pki/index.js";
import type { ControllerContext } from "../context.js";
import { runnerLogs } from "../context.js";

export const SERVICEACCOUNT_TOKEN_CONTROLLER = "serviceaccount-token-controller";
export const SERVICE_ACCOUNT_TOKEN_TYPE = "kubernetes.io/service-account-token";
export const SERVICE_ACCOUNT_NAME_KEY = "kubernetes.io/service-account.name";
export const SERVICE_ACCOUNT_UID_KEY = "kubernetes.io/service-account.uid";

type SecretObject = Secret & KubeObject;
type ServiceAccountObject = ServiceAccount & KubeObject;

/** What the controller manager gives this controller (--service-account-private-key-file, --root-ca-file). */
export interface ServiceAccountTokenOptions {
  serviceAccountPrivateKeyPem?: string;
  rootCAPem?: string;
}

/** upstream's IsServiceAccountToken: the Secret is a token of this account (uid checked when recorded). */
export function isTokenOf(secret: SecretObject, sa: ServiceAccountObject): boolean {
  if (secret.type !== SERVICE_ACCOUNT_TOKEN_TYPE) return false;
  const ann = secret.metadata.annotations ?? {};
  if (ann[SERVICE_ACCOUNT_NAME_KEY] !== sa.metadata.name) return false;
  const uid = ann[SERVICE_ACCOUNT_UID_KEY];
  return !uid || uid === sa.metadata.uid;
}

export function createServiceAccountTokenController(ctx: ControllerContext): Controller {
  const { client, clock } = ctx;
  const opts = ctx.options as ServiceAccountTokenOptions;
  const keyPem = opts.serviceAccountPrivateKeyPem;
  const keyId = keyPem ? createHash("sha256").update(createPublicKey(keyPem).export({ type: "spki", format: "der" })).digest("base64url") : "";
  const caB64 = opts.rootCAPem ? Buffer.from(opts.rootCAPem).toString("base64") : "";
  const accounts = ctx.informers.forResource<ServiceAccountObject>(SERVICEACCOUNTS);
  const secrets = ctx.informers.forResource<SecretObject>(SECRETS);
  // Keys: "sa/<ns>/<name>" for accounts, "secret/<ns>/<name>" for token Secrets.
  const queue = createWorkQueue<string>({ clock, name: "serviceaccount_tokens" });
  const isToken = (s: SecretObject) => s.type === SERVICE_ACCOUNT_TOKEN_TYPE;
  const key = (kind: string, o: KubeObject) => `${kind}/${o.metadata.namespace}/${o.metadata.name}`;

  accounts.addEventHandler({ onAdd: (sa) => queue.add(key("sa", sa)), onUpdate: (_o, sa) => queue.add(key("sa", sa)), onDelete: (sa) => queue.add(key("sa", sa)) });
  secrets.addEventHandler({
    onAdd: (s) => isToken(s) && queue.add(key("secret", s)),
    onUpdate: (_o, s) => isToken(s) && queue.add(key("secret", s)),
  });

  const deleteSecret = async (s: SecretObject) => {
    try {
      await client.delete(SECRETS, s.metadata.namespace!, s.metadata.name!, { preconditions: { uid: s.metadata.uid } });
    } catch (err) {
      if (!isApiError(err, "NotFound") && !isApiError(err, "Conflict")) throw err;
    }
  };

  /** A deleted account takes its token Secrets with it. */
  async function syncServiceAccount(namespace: string, name: string): Promise<void> {
    if (accounts.lister.get(namespace, name)) return;
    for (const s of secrets.lister.list(namespace)) {
      if (isToken(s) && s.metadata.annotations?.[SERVICE_ACCOUNT_NAME_KEY] === name) await deleteSecret(s);
    }
  }

  async function syncSecret(namespace: string, name: string): Promise<void> {
    const cached = secrets.lister.get(namespace, name);
    if (!cached || !isToken(cached) || cached.metadata.deletionTimestamp) return;
    const saName = cached.metadata.annotations?.[SERVICE_ACCOUNT_NAME_KEY] ?? "";
    const sa = accounts.lister.get(namespace, saName);
    if (!sa || !isTokenOf(cached, sa)) {
      // The informer may be behind: ask the server before deleting.
      const live = await client.get<ServiceAccountObject>(SERVICEACCOUNTS, namespace, saName).catch((err) => (isApiError(err, "NotFound") ? undefined : Promise.reject(err)));
      if (!live || !isTokenOf(cached, live)) return deleteSecret(cached);
      return fill(cached, live);
    }
    return fill(cached, sa);
  }

  async function fill(secret: SecretObject, sa: ServiceAccountObject): Promise<void> {
    const data = secret.data ?? {};
    const needsCA = !!caB64 && data["ca.crt"] !== caB64;
    const needsNamespace = !data.namespace;
    const needsToken = !data.token;
    const ann = secret.metadata.annotations ?? {};
    if (!needsCA && !needsNamespace && !needsToken && ann[SERVICE_ACCOUNT_UID_KEY] === sa.metadata.uid) return;
    const next: Record<string, string> = { ...data };
    if (needsCA) next["ca.crt"] = caB64;
    if (needsNamespace) next.namespace = Buffer.from(secret.metadata.namespace!).toString("base64");
    if (needsToken) {
      const claims = legacyTokenClaims({ namespace: sa.metadata.namespace!, name: sa.metadata.name!, uid: sa.metadata.uid! }, secret.metadata.name!);
      next.token = Buffer.from(signJwt({ privateKeyPem: keyPem!, keyId }, claims)).toString("base64");
    }
    const metadata = { ...secret.metadata, annotations: { ...ann, [SERVICE_ACCOUNT_NAME_KEY]: sa.metadata.name!, [SERVICE_ACCOUNT_UID_KEY]: sa.metadata.uid! } };
    try {
      await client.update(SECRETS, secret.metadata.namespace!, { ...secret, metadata, data: next });
    } catch (err) {
      // A newer version (or a deletion) is on its way to the informer; that event syncs again.
      if (isApiError(err, "Conflict") || isApiError(err, "NotFound")) return;
      throw err;
    }
  }

  async function sync(k: string): Promise<void> {
    const [kind, namespace, name] = k.split("/");
    if (kind === "sa") await syncServiceAccount(namespace, name);
    else await syncSecret(namespace, name);
  }

  return {
    name: SERVICEACCOUNT_TOKEN_CONTROLLER,
    async run(signal, workers) {
      if (!keyPem) {
        ctx.log(1, "serviceaccount-token: no service account private key configured, not filling token Secrets");
        return;
      }
      if (!(await ctx.informers.waitForCacheSync(signal))) return;
      await runController({ name: "service account tokens", queue, workers, signal, sync, ...runnerLogs(ctx) });
    },
  };
}
