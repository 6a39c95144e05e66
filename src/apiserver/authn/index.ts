/** Request authentication: client certificates, the union of authenticators, the anonymous user. */
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
