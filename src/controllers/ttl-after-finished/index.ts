/** The TTL-after-finished controller (deletes finished Jobs after their TTL). */
export { createTTLAfterFinishedController, TTL_CONTROLLER_NAME } from "./controller.js";
export { timeLeft, finishedAt } from "./ttl.js";
