import type { ResourceDefinition } from "../types.js";
import { ingresses } from "./ingresses.js";
import { networkpolicies } from "./networkpolicies.js";
import { ingressclasses } from "./ingressclasses.js";
import { ipaddresses } from "./ipaddresses.js";
import { servicecidrs } from "./servicecidrs.js";

/** Every resource of this API group, in discovery order. */
export const resources: ResourceDefinition<any>[] = [networkpolicies, ingresses, ingressclasses, ipaddresses, servicecidrs];
export { DEFAULT_INGRESS_CLASS_ANNOTATION } from "./ingressclasses.js";
export { DEFAULT_SERVICE_CIDR_NAME } from "./servicecidrs.js";
