/** Upstream field facts of io.k8s.api.flowcontrol.v1beta3 (grammar: field-facts.ts). */
import type { PackageFacts } from "./field-facts.js";

export const flowcontrolV1beta3Facts: PackageFacts = {
  package: "io.k8s.api.flowcontrol.v1beta3",
  types: {
    FlowSchemaSpec: "rules=list:atomic",
    FlowSchemaStatus: "conditions=patch:merge;key:type;list:map:type",
    NonResourcePolicyRule: "nonResourceURLs=list:set verbs=list:set",
    PolicyRulesWithSubjects: "nonResourceRules=list:atomic resourceRules=list:atomic subjects=list:atomic",
    PriorityLevelConfigurationStatus: "conditions=patch:merge;key:type;list:map:type",
    ResourcePolicyRule: "apiGroups=list:set namespaces=list:set resources=list:set verbs=list:set",
  },
};
