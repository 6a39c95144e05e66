/** Upstream field facts of io.k8s.api.flowcontrol.v1 (grammar: field-facts.ts). */
import type { PackageFacts } from "./field-facts.js";

export const flowcontrolV1Facts: PackageFacts = {
  package: "io.k8s.api.flowcontrol.v1",
  types: {
    FlowDistinguisherMethod: "type=default:\"\"",
    FlowSchema: "metadata=default:{} spec=default:{} status=default:{}",
    FlowSchemaCondition: "lastTransitionTime=default:{}",
    FlowSchemaList: "metadata=default:{}",
    FlowSchemaSpec: "matchingPrecedence=default:0 priorityLevelConfiguration=default:{} rules=list:atomic",
    FlowSchemaStatus: "conditions=patch:merge;key:type;list:map:type",
    GroupSubject: "name=default:\"\"",
    LimitResponse: "type=default:\"\"",
    LimitedPriorityLevelConfiguration: "limitResponse=default:{} nominalConcurrencyShares=default:0",
    NonResourcePolicyRule: "nonResourceURLs=list:set verbs=list:set",
    PolicyRulesWithSubjects: "nonResourceRules=list:atomic resourceRules=list:atomic subjects=list:atomic",
    PriorityLevelConfiguration: "metadata=default:{} spec=default:{} status=default:{}",
    PriorityLevelConfigurationCondition: "lastTransitionTime=default:{}",
    PriorityLevelConfigurationList: "metadata=default:{}",
    PriorityLevelConfigurationReference: "name=default:\"\"",
    PriorityLevelConfigurationSpec: "type=default:\"\"",
    PriorityLevelConfigurationStatus: "conditions=patch:merge;key:type;list:map:type",
    QueuingConfiguration: "handSize=default:0 queueLengthLimit=default:0 queues=default:0",
    ResourcePolicyRule: "apiGroups=list:set namespaces=list:set resources=list:set verbs=list:set",
    ServiceAccountSubject: "name=default:\"\" namespace=default:\"\"",
    Subject: "kind=default:\"\"",
    UserSubject: "name=default:\"\"",
  },
};
