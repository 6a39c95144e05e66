/** Every check, in the order the report lists them. */
import type { Check } from "../types.js";
import { nodeNotReady } from "./node-not-ready.js";

export const CHECKS: Check[] = [nodeNotReady];
