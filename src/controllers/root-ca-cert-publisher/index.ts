export { createRootCACertPublisher, ROOT_CA_CONFIGMAP, ROOT_CA_PUBLISHER, type RootCAOptions } from "./controller.js";
