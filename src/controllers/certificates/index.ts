/** The certificate controllers: csrapproving, csrsigning, csrcleaner. */
export { createCSRApprovingController, CSR_APPROVING } from "./approver.js";
export { certificateDurationMs, createCSRSigningController, CSR_SIGNING, DEFAULT_CLUSTER_SIGNING_DURATION_MS } from "./signer.js";
export { createCSRCleanerController, csrGarbageReason, CSR_CLEANER, CSR_RETENTION } from "./cleaner.js";
export { CSRS, KUBE_APISERVER_CLIENT_SIGNER, KUBELET_CLIENT_SIGNER, KUBELET_SERVING_SIGNER, kubeletClientError, type CSRObject } from "./csr-requests.js";
