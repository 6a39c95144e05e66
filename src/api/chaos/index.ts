import type { ResourceDefinition } from "../types.js";
import { faults } from "./faults.js";

/** chaos.skiff.dev/v1: Skiff's fault injection. */
export const resources: ResourceDefinition<any>[] = [faults];
