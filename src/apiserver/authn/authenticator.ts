/**
 * Request authentication: who is asking. Each Authenticator looks at one
 * kind of credential (client certificates now, bearer tokens later) and
 * answers with a user or with nothing; a union asks each in turn.
 *
 * Example:
 *
 *   const authn = unionAuthenticators([createClientCertificateAuthenticator({ caPem })]);
 *   const user = authn.authenticate({ socket: req.socket, headers: req.headers });
 *   // undefined: no usable credentials; the server answers 401, or uses
 *   // anonymousUser where anonymous access is allowed (/healthz, /version, ...)
 */
import type { UserInfo } from "../../api/types.js";

export const USER_ANONYMOUS = "system:anonymous";
export const GROUP_AUTHENTICATED = "system:authenticated";
export const GROUP_UNAUTHENTICATED = "system:unauthenticated";
/** The user-info extra key naming the credential a request used (audit logs). */
export const CREDENTIAL_ID_KEY = "authentication.kubernetes.io/credential-id";

/** The identity of a request that carries no credentials. Frozen: copy before changing. */
export const anonymousUser: UserInfo = Object.freeze({
  username: USER_ANONYMOUS,
  groups: Object.freeze([GROUP_UNAUTHENTICATED]) as string[],
});

/**
 * The parts of a Node TLS socket authentication reads. A plain TCP socket
 * has none of the optional members; `authorized` is true only when the
 * client presented a certificate that TLS verified against the server's
 * `ca` option (the server runs with requestCert: true,
 * rejectUnauthorized: false, so clients without one still connect).
 */
export interface TlsSocketLike {
  authorized?: boolean;
  authorizationError?: Error | string | null;
  getPeerX509Certificate?(): import("node:crypto").X509Certificate | undefined;
}

/** What an authenticator may look at. headers is Node's IncomingHttpHeaders or alike. */
export interface AuthenticationRequest {
  socket?: TlsSocketLike | null;
  headers: Readonly<Record<string, string | string[] | undefined>>;
}

/**
 * Finds the user a request proves to be.
 *
 * Contract: returns undefined when the request carries no credential this
 * authenticator accepts; never throws for bad credentials. Returned objects
 * are not shared with other requests, except frozen constants.
 */
export interface Authenticator {
  authenticate(req: AuthenticationRequest): UserInfo | undefined;
}

/**
 * Asks each authenticator in order; the first user found wins. Every user
 * found (other than system:anonymous) is in system:authenticated.
 */
export function unionAuthenticators(authenticators: readonly Authenticator[]): Authenticator {
  return {
    authenticate(req) {
      for (const a of authenticators) {
        const user = a.authenticate(req);
        if (user) return withAuthenticatedGroup(user);
      }
      return undefined;
    },
  };
}

/**
 * Adds system:authenticated to an authenticated user's groups, unless it is
 * the anonymous user or already in system:authenticated or
 * system:unauthenticated (the rule of Kubernetes' AuthenticatedGroupAdder).
 */
export function withAuthenticatedGroup(user: UserInfo): UserInfo {
  if (user.username === USER_ANONYMOUS) return user;
  if (user.groups.some((g) => g === GROUP_AUTHENTICATED || g === GROUP_UNAUTHENTICATED)) return user;
  return { ...user, groups: [...user.groups, GROUP_AUTHENTICATED] };
}
