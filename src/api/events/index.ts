import type { ResourceDefinition } from "../types.js";
import { events } from "./events.js";

/** Every resource of this API group, in discovery order. */
export const resources: ResourceDefinition<any>[] = [events];
export { eventToCore, eventFromCore } from "./convert.js";
