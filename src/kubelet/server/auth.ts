/**
 * The kubelet's authentication and authorization (upstream's
 * pkg/kubelet/server/auth.go with the webhook authorizer): a client
 * certificate signed by the cluster CA names the user; each request is
 * authorized as verb on nodes/<subresource> of this node by a
 * SubjectAccessReview, cached as upstream's kubelet caches them
 * (allowed 5 minutes, denied 30 seconds).
 */
import type { TLSSocket } from "node:tls";
import type { UserInfo } from "../../api/types.js";
import { createCachedAccessReviewer } from "../../client/access-review.js";
import type { Client } from "../../client/types.js";
import type { Clock } from "../../util/clock.js";

export const AUTHORIZED_TTL_MS = 5 * 60_000;
export const UNAUTHORIZED_TTL_MS = 30_000;

/** The user of a TLS connection whose client certificate chains to the CA; undefined otherwise. */
export function certificateUser(socket: TLSSocket): UserInfo | undefined {
  if (!socket.authorized) return undefined;
  const cert = socket.getPeerCertificate();
  if (!cert?.subject?.CN) return undefined;
  const cn = Array.isArray(cert.subject.CN) ? cert.subject.CN[0] : cert.subject.CN;
  const o = cert.subject.O;
  const orgs = o === undefined ? [] : Array.isArray(o) ? o : [o];
  return { username: cn, groups: [...orgs, "system:authenticated"] };
}

/** The request attributes the kubelet authorizes (nodes/<subresource>, verb from the method). */
export interface KubeletRequestAttributes {
  verb: string;
  subresource: string;
}

/** Upstream's mapping of kubelet paths to subresources of nodes. */
export function requestAttributes(method: string, path: string): KubeletRequestAttributes {
  const verb = ({ POST: "create", GET: "get", HEAD: "get", PUT: "update", PATCH: "patch", DELETE: "delete" } as Record<string, string>)[method] ?? "";
  const under = (prefix: string) => path === prefix || path.startsWith(`${prefix}/`);
  let subresource = "proxy";
  if (under("/stats")) subresource = "stats";
  else if (under("/metrics")) subresource = "metrics";
  else if (under("/logs")) subresource = "log";
  else if (under("/checkpoint")) subresource = "checkpoint";
  return { verb, subresource };
}

export interface KubeletAuthorizer {
  authorize(user: UserInfo, attrs: KubeletRequestAttributes): Promise<boolean>;
}

export function createSubjectAccessReviewAuthorizer(o: { client: Client; clock: Clock; nodeName: string }): KubeletAuthorizer {
  const review = createCachedAccessReviewer(o.client, o.clock, { allowedMs: AUTHORIZED_TTL_MS, deniedMs: UNAUTHORIZED_TTL_MS });
  return {
    async authorize(user, attrs) {
      const decision = await review(user, { resourceAttributes: { verb: attrs.verb, group: "", version: "v1", resource: "nodes", subresource: attrs.subresource, name: o.nodeName } });
      return decision.allowed;
    },
  };
}

/** Upstream's 403 text. */
export function forbiddenMessage(user: UserInfo, attrs: KubeletRequestAttributes): string {
  return `Forbidden (user=${user.username}, verb=${attrs.verb}, resource=nodes, subresource=${attrs.subresource})`;
}
