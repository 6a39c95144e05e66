export { createNamespaceController, NAMESPACE_CONTROLLER, KUBERNETES_FINALIZER } from "./namespace-controller.js";
export { discoverNamespacedResources, discoveryErrorMessage, type DiscoveryResult } from "./discovery.js";
export { updateConditions, failingConditions, type DeletionOutcome } from "./conditions.js";
