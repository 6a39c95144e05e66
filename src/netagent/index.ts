/** The node network agent (flanneld's part on a node): subnet.env, the CNI conflist, NetworkUnavailable=False. */
export { createNetAgent, FLANNEL_MESSAGE, FLANNEL_REASON, type NetAgent, type NetAgentOptions } from "./agent.js";
export { CNI_CONFLIST_PATH, SUBNET_ENV_PATH, HOST_GW, VXLAN, firstHostOf, flannelConflist, subnetEnv, type FlannelBackend } from "./files.js";
