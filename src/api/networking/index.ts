import type { ResourceDefinition } from "../types.js";
import { ingresses } from "./ingresses.js";
import { networkpolicies } from "./networkpolicies.js";
import { ingressclasses } from "./ingressclasses.js";

/** Every resource of this API group, in discovery order. */
export const resources: ResourceDefinition<any>[] = [networkpolicies, ingresses, ingressclasses];
export { DEFAULT_INGRESS_CLASS_ANNOTATION } from "./ingressclasses.js";
