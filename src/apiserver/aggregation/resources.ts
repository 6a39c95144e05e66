/** The resources the aggregator watches, and who it is when it asks. */
import type { GVR } from "../../client/types.js";
import type { UserInfo } from "../../api/types.js";

export const APISERVICES: GVR = { group: "apiregistration.k8s.io", version: "v1", resource: "apiservices" };
export const SERVICES: GVR = { group: "", version: "v1", resource: "services" };
export const ENDPOINTSLICES: GVR = { group: "discovery.k8s.io", version: "v1", resource: "endpointslices" };
export const CONFIGMAPS: GVR = { group: "", version: "v1", resource: "configmaps" };
export const NAMESPACES: GVR = { group: "", version: "v1", resource: "namespaces" };

/** The API server's own loopback identity (upstream's system:apiserver in system:masters). */
export const API_SERVER_USER: UserInfo = { username: "system:apiserver", groups: ["system:masters", "system:authenticated"] };
/** Who the aggregator is towards extension API servers when it reads their discovery. */
export const AGGREGATOR_USER: UserInfo = { username: "system:kube-aggregator", groups: ["system:masters"] };
