/** Hand-made resource definitions for OpenAPI tests: the shapes that matter, no hooks. */
import type { ResourceDefinition, SubresourceHandler } from "../../../api/types.js";
import type { DefinitionsFile } from "../schema.js";
import { buildDefinitions } from "../gen/build-definitions.js";

const noop: SubresourceHandler = async () => ({});

export const podsFixture: ResourceDefinition = {
  group: "", version: "v1", kind: "Pod", plural: "pods", singular: "pod", namespaced: true,
  schema: "io.k8s.api.core.v1.Pod", hasStatus: true,
  subresources: {
    binding: { kind: "Binding", verbs: ["create"], handler: noop },
    eviction: { kind: "Eviction", group: "policy", version: "v1", verbs: ["create"], handler: noop },
  },
};

export const nodesFixture: ResourceDefinition = {
  group: "", version: "v1", kind: "Node", plural: "nodes", singular: "node", namespaced: false,
  schema: "io.k8s.api.core.v1.Node", hasStatus: true,
};

export const deploymentsFixture: ResourceDefinition = {
  group: "apps", version: "v1", kind: "Deployment", plural: "deployments", singular: "deployment", namespaced: true,
  schema: "io.k8s.api.apps.v1.Deployment", hasStatus: true,
  scale: { specReplicasPath: ".spec.replicas", statusReplicasPath: ".status.replicas", labelSelectorPath: ".status.selector" },
};

export const clusterRolesFixture: ResourceDefinition = {
  group: "rbac.authorization.k8s.io", version: "v1", kind: "ClusterRole", plural: "clusterroles", singular: "clusterrole", namespaced: false,
  schema: "io.k8s.api.rbac.v1.ClusterRole", verbs: ["get", "list", "watch"],
};

export const fixtureResources = [podsFixture, nodesFixture, deploymentsFixture, clusterRolesFixture];

let cached: DefinitionsFile | undefined;
/** The built-in definitions, built once per process from the installed kubernetes-types. */
export function builtDefinitions(): DefinitionsFile {
  cached ??= buildDefinitions();
  return cached;
}
