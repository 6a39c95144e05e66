/** The secure ports of the in-process controller manager and scheduler (/metrics, /healthz). */
export { serveComponent, type ComponentEndpoint, type ServeComponentOptions } from "./serve-component.js";
export { startComponentServer, type ComponentServerOptions, type RunningComponentServer } from "./server.js";
export { createDelegatingAuthorizer } from "./authorize.js";
export { healthResponse, type HealthChecks } from "./health.js";
