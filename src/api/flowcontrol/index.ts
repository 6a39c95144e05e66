import type { ResourceDefinition } from "../types.js";
import { flowschemas } from "./flowschemas.js";
import { prioritylevelconfigurations } from "./prioritylevelconfigurations.js";

/** flowcontrol.apiserver.k8s.io/v1, in discovery order. */
export const resources: ResourceDefinition<any>[] = [flowschemas, prioritylevelconfigurations];
export { apfBootstrapConfiguration } from "./bootstrap-configuration.js";
