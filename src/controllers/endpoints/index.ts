export { createEndpointsController, ENDPOINT_CONTROLLER, LABEL_MANAGED_BY, TRIGGER_TIME_ANNOTATION } from "./controller.js";
export { desiredSubsets } from "./desired-endpoints.js";
export { findPort, isPodReady, selectsPod, shouldPodBeInEndpoints } from "./pod-endpoint.js";
