export { BOOTSTRAP_SIGNER, createBootstrapSigner, wantedSignatures } from "./controller.js";
export { publishClusterInfo } from "./cluster-info.js";
