/** Upstream field facts of io.k8s.api.apps.v1 (grammar: field-facts.ts). */
import type { PackageFacts } from "./field-facts.js";

export const appsV1Facts: PackageFacts = {
  package: "io.k8s.api.apps.v1",
  types: {
    ControllerRevision: "revision=int64",
    DaemonSetStatus: "conditions=patch:merge;key:type;list:map:type observedGeneration=int64",
    DeploymentSpec: "strategy=patch:retainKeys",
    DeploymentStatus: "conditions=patch:merge;key:type;list:map:type observedGeneration=int64",
    ReplicaSetStatus: "conditions=patch:merge;key:type;list:map:type observedGeneration=int64",
    StatefulSetSpec: "volumeClaimTemplates=list:atomic",
    StatefulSetStatus: "conditions=patch:merge;key:type;list:map:type observedGeneration=int64",
  },
};
