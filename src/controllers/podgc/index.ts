/** The pod garbage collector. */
export { createPodGCController, PODGC_CONTROLLER_NAME, GC_CHECK_PERIOD_MS, QUARANTINE_MS } from "./controller.js";
export * from "./select.js";
