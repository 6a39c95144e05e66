/** API aggregation (kube-aggregator's behaviour): APIServices proxied, checked for availability and listed in discovery. */
export { createAggregator, type Aggregator, type AggregatorOptions, type AggregatorStartOptions } from "./aggregator.js";
export type { DiscoveryGroupSource } from "./remote-discovery.js";
export { AUTH_CONFIGMAP_NAME, AUTH_CONFIGMAP_NAMESPACE } from "./authentication-configmap.js";
export { AUTOMANAGED_LABEL } from "./local-apiservices.js";
