export { createServiceAccountController, SERVICEACCOUNT_CONTROLLER, DEFAULT_SERVICE_ACCOUNTS } from "./controller.js";
export { createRootCACertPublisher, ROOT_CA_CONFIGMAP, ROOT_CA_PUBLISHER, type RootCAOptions } from "./root-ca-publisher.js";
