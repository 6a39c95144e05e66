/**
 * Service-account tokens for projected volumes (upstream's kubelet token
 * manager): requested through serviceaccounts/token bound to the pod, kept
 * per (account, audience, expiration, pod), and requested again once 80%
 * of a token's life has passed, so a volume never holds an expired token.
 */
import type { Client } from "../../client/types.js";
import { SERVICEACCOUNTS } from "../../client/resources.js";
import type { Pod } from "../../api/core/pod-types.js";

interface CachedToken {
  token: string;
  /** When to request a new one (80% of its life). */
  refreshAt: number;
}

interface TokenRequestStatus {
  status?: { token?: string; expirationTimestamp?: string };
}

export class TokenManager {
  private readonly tokens = new Map<string, CachedToken>();

  constructor(private readonly client: Client) {}

  /** A valid token for the pod's account; requested when missing or due for refresh. */
  async token(pod: Pod, audience: string | undefined, expirationSeconds: number, now: number): Promise<{ token: string; refreshAt: number }> {
    const m = pod.metadata!;
    const account = pod.spec?.serviceAccountName || "default";
    const key = JSON.stringify([m.namespace, account, audience ?? "", expirationSeconds, m.uid]);
    const cached = this.tokens.get(key);
    if (cached && now < cached.refreshAt) return cached;
    const body = {
      apiVersion: "authentication.k8s.io/v1",
      kind: "TokenRequest",
      spec: { audiences: audience ? [audience] : [], expirationSeconds, boundObjectRef: { apiVersion: "v1", kind: "Pod", name: m.name, uid: m.uid } },
    };
    const tr = await this.client.createSubresource<TokenRequestStatus>(SERVICEACCOUNTS, m.namespace, account, "token", body);
    const token = tr.status?.token;
    if (!token) throw new Error(`failed to fetch token: the API server returned no token for service account ${m.namespace}/${account}`);
    const expires = Date.parse(tr.status?.expirationTimestamp ?? "") || now + expirationSeconds * 1000;
    const fresh = { token, refreshAt: now + Math.floor((expires - now) * 0.8) };
    this.tokens.set(key, fresh);
    return fresh;
  }

  /** Forgets the pod's tokens. */
  forget(podUid: string): void {
    for (const key of this.tokens.keys()) if (key.endsWith(`,${JSON.stringify(podUid)}]`)) this.tokens.delete(key);
  }
}
