/**
 * Bearer tokens on requests that carry no client certificate: each
 * TokenAuthenticator is asked in turn; a token none accepts leaves the
 * request without a user (401). The one read open to requests without any
 * credentials is the cluster-info ConfigMap, as kubeadm's RBAC grants it to
 * system:anonymous: a joining node needs it before it has a credential.
 */
import type { UserInfo } from "../../api/types.js";
import { CLUSTER_INFO_NAME, CLUSTER_INFO_NAMESPACE } from "../../pki/index.js";
import type { ApiRequest } from "../http/types.js";
import { anonymousUser, withAuthenticatedGroup } from "./authenticator.js";
import type { TokenAuthenticator } from "./token.js";

const CLUSTER_INFO_PATH = `/api/v1/namespaces/${CLUSTER_INFO_NAMESPACE}/configmaps/${CLUSTER_INFO_NAME}`;

/** The request with its user filled in from its bearer token, when it has one and no other credential. */
export async function withTokenUser(req: ApiRequest, authenticators: readonly TokenAuthenticator[]): Promise<ApiRequest> {
  if (req.user) return req;
  const header = req.headers.authorization;
  const m = typeof header === "string" ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  if (!m) return req.method === "GET" && req.path === CLUSTER_INFO_PATH ? { ...req, user: anonymousUser } : req;
  for (const a of authenticators) {
    const user: UserInfo | undefined = await a.authenticateToken(m[1]);
    if (user) return { ...req, user: withAuthenticatedGroup(user) };
  }
  return req;
}
