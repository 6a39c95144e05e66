/** Request authentication: client certificates, bearer tokens, the anonymous user, impersonation. */
export {
  anonymousUser,
  CREDENTIAL_ID_KEY,
  GROUP_AUTHENTICATED,
  GROUP_UNAUTHENTICATED,
  unionAuthenticators,
  USER_ANONYMOUS,
  withAuthenticatedGroup,
  type AuthenticationRequest,
  type Authenticator,
  type TlsSocketLike,
} from "./authenticator.js";
export {
  authenticateClientCertificate,
  createClientCertificateAuthenticator,
  parseCaBundle,
  verifyClientCertificate,
  type ClientCertificateAuthenticator,
  type ClientCertificateOptions,
  type ClientCertificateResult,
  type PeerCertificate,
} from "./client-certificate.js";
export type { TokenAuthenticator } from "./token.js";
export { asReviewing, intersectAudiences, unionTokenAuthenticators, INVALID_BEARER_TOKEN, type ReviewingTokenAuthenticator, type TokenOutcome } from "./token-outcome.js";
export { cachedTokenAuthenticator, TOKEN_SUCCESS_CACHE_TTL_MS } from "./token-cache.js";
export type { CredentialObjects, CredentialResource } from "./credential-objects.js";
export { createJwtTokenAuthenticator, serviceAccountGroups, serviceAccountUser, serviceAccountUsername, splitServiceAccountUsername, type ServiceAccountInfo } from "./service-account-jwt.js";
export { createBoundTokenValidator } from "./bound-service-account-token.js";
export { createLegacyTokenValidator, legacyTokenClaims, LEGACY_ISSUER } from "./legacy-service-account-token.js";
export { loadTokenFile, parseTokenFile, tokenFileAuthenticator, TokenFileError } from "./static-token-file.js";
export { createRequestAuthenticator, type RequestAuthentication, type RequestAuthenticator } from "./request-authenticator.js";
export { withImpersonation } from "./impersonation.js";
export { createIssuerDiscovery, JWKS_PATH, OPENID_CONFIGURATION_PATH } from "./service-account-issuer-discovery.js";
