/**
 * kube-proxy: Services and EndpointSlices to iptables rules in upstream's
 * layout. renderIptables is the pure function other parts of Skiff (the
 * simulated network, `skiff node iptables`) evaluate; ProxyRules is the
 * change-tracked state kube-proxy keeps, and IptablesProxier applies it on
 * a real node.
 */
export { renderIptables, renderNodeTables, LARGE_CLUSTER_ENDPOINTS, type ProxyInputs } from "./render.js";
export type { ProxyNodeConfig } from "./iptables/node-config.js";
export { formatTable, type NodeTables, type Table } from "./iptables/tables.js";
export { ProxyRules, type ClusterProxyConfig, type NodeSpecifics, type Checkout, type NodeRulesCache } from "./proxy-rules.js";
export { IptablesProxier, type SyncOutcome } from "./iptables-proxier.js";
export { createIptablesExec, IptablesRestoreError, type IptablesExec } from "./iptables/restore.js";
export { servicePortChainName, endpointChainName } from "./iptables/chain-names.js";
export { createKubeProxy, type KubeProxy, type KubeProxyOptions, type ProxyHealth } from "./kube-proxy.js";
export { serveKubeProxy, type ProxyServer } from "./server.js";
export { createProxyMetrics, type ProxyMetrics } from "./metrics.js";
