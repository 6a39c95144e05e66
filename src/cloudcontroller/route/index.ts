export { createRouteController, ROUTE_CONTROLLER, ROUTE_CONTROLLER_COMPONENT, DEFAULT_ROUTE_RECONCILIATION_PERIOD_MS, type RouteControllerOptions } from "./controller.js";
export { createApiRouteTable, routeName, CLUSTER_NAME_LABEL, type CloudRoute, type RouteTable } from "./route-table.js";
