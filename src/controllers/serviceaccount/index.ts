export { createServiceAccountController, SERVICEACCOUNT_CONTROLLER, DEFAULT_SERVICE_ACCOUNTS } from "./controller.js";
