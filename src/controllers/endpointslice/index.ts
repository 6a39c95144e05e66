export { createEndpointSliceController, ENDPOINTSLICE_CONTROLLER, LABEL_MANAGED_BY, LABEL_SERVICE_NAME } from "./controller.js";
export { desiredEndpointGroups, podToEndpoint, ZONE_LABEL, type EndpointGroup } from "./desired-endpoints.js";
export { reconcileSlices, MAX_ENDPOINTS_PER_SLICE, type SliceChanges } from "./reconcile.js";
