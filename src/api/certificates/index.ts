import type { ResourceDefinition } from "../types.js";
import { certificatesigningrequests } from "./certificatesigningrequests.js";

/** Every resource of this API group, in discovery order. */
export const resources: ResourceDefinition<any>[] = [certificatesigningrequests];
