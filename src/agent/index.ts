/** `skiff agent`: nodes that join a cluster with a bootstrap token. */
export { obtainCredentials, startAgent, type AgentOptions, type RunningAgent } from "./agent.js";
export { createClientCertificateManager, EXPIRY_WARNING_MS, type CertificatePair, type ClientCertificateManager } from "./certificate-manager.js";
export { discoverCluster, DiscoveryError, type DiscoveredCluster } from "./discovery.js";
export { requestNodeClientCertificate } from "./tls-bootstrap.js";
