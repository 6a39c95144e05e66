export { aggregatedRules, createClusterRoleAggregationController, CLUSTERROLE_AGGREGATION } from "./controller.js";
