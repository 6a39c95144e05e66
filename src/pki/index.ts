/** Skiff's PKI: the cluster CA and certificates, CSR signing primitives, kubeconfig files. */
export {
  CA_VALIDITY_DAYS,
  CERTIFICATE_BACKDATE_MS,
  LEAF_VALIDITY_DAYS,
  canonicalIp,
  certificateMatchesKey,
  createCertificateAuthority,
  inspectCertificate,
  issueClientCert,
  issueServingCert,
  signCertificate,
  type CertificateAndKey,
  type CertificateAuthority,
  type CertificateInfo,
  type IssueOptions,
  type IssueServingOptions,
  type SignCertificateOptions,
  type Subject,
} from "./certificates.js";
export {
  ADMIN_GROUP,
  ADMIN_USER,
  API_SERVER_COMMON_NAME,
  API_SERVER_DNS_NAMES,
  API_SERVER_LOOPBACK_IPS,
  ensureClusterPki,
  type ClusterLeafName,
  type ClusterPki,
  type ClusterPkiOptions,
} from "./cluster-pki.js";
export {
  FRONT_PROXY_CA_NAME,
  FRONT_PROXY_CLIENT_COMMON_NAME,
  FRONT_PROXY_CLIENT_NAME,
  ensureFrontProxyPki,
  frontProxyCaPath,
  type FrontProxyPki,
} from "./front-proxy-pki.js";
export { certificateExpirations, formatExpiry, shortHumanDuration, type CertificateExpiration } from "./expiration.js";
export { generateKey, importSigningKey, type GeneratedKey, type SigningKey } from "./keys.js";
export {
  parseKubeconfig,
  readKubeconfig,
  renderKubeconfig,
  writeKubeconfig,
  type KubeconfigCredentials,
  type KubeconfigOptions,
} from "./kubeconfig.js";
export { EXT_KEY_USAGE_OIDS, isKeyUsageName, resolveUsages, type KeyUsageName } from "./usages.js";
export { loadX509, type X509Lib } from "./load-x509.js";
export { ensureServiceAccountKey, generateServiceAccountKey, type ServiceAccountKey } from "./service-account-key.js";
export { jwtSigner, signJwt } from "./jwt.js";
export {
  BOOTSTRAP_DEFAULT_GROUP,
  BOOTSTRAP_TOKEN_SECRET_PREFIX,
  BOOTSTRAP_TOKEN_SECRET_TYPE,
  BOOTSTRAP_USAGES,
  BOOTSTRAP_USER_PREFIX,
  KUBEADM_DEFAULT_NODE_TOKEN_GROUP,
  TOKEN_ID_PATTERN,
  TOKEN_PATTERN,
  bootstrapGroupError,
  bootstrapTokenSecret,
  bootstrapTokenSecretName,
  formatBootstrapToken,
  generateBootstrapToken,
  isTokenExpired,
  parseBootstrapToken,
  readBootstrapTokenSecret,
  secretsEqual,
  type BootstrapToken,
  type BootstrapTokenInfo,
  type BootstrapTokenSpec,
  type BootstrapUsage,
} from "./bootstrap-token.js";
export { computeDetachedSignature, verifyDetachedSignature } from "./jws.js";
export { CA_HASH_PREFIX, caCertHash, parseCaCertHash } from "./ca-hash.js";
export { createCertificateRequest, readCertificateRequest, type CertificateRequestAndKey, type CertificateRequestInfo } from "./csr.js";
export {
  CLUSTER_INFO_KUBECONFIG_KEY,
  CLUSTER_INFO_NAME,
  CLUSTER_INFO_NAMESPACE,
  JWS_KEY_PREFIX,
  clusterInfoKubeconfig,
  readClusterInfoKubeconfig,
} from "./cluster-info.js";
export { renewableCertificates, renewCertificate } from "./renew.js";
export { EXPIRY_WARNING_DAYS, expiryWarnings, monitorCertificateExpiry } from "./expiry-monitor.js";
