/**
 * Bearer tokens: each TokenAuthenticator recognises one kind (bootstrap
 * tokens, service-account JWTs, the static token file) and answers with
 * the user, or undefined when the token is not of its kind or not valid.
 * A token no authenticator accepts is refused with 401 (upstream's
 * "invalid bearer token"); only a request with no credentials at all is
 * anonymous.
 */
import type { UserInfo } from "../../api/types.js";

export interface TokenAuthenticator {
  /** Never throws for a bad token; audiences are the ones the server accepts unless given. */
  authenticateToken(token: string, audiences?: string[]): Promise<UserInfo | undefined>;
}
