/** Upstream protobuf facts of flowcontrol.v1 (grammar: ../fact-table.ts). */
import type { ProtoPackage } from "../fact-table.js";

export const flowcontrolV1Proto: ProtoPackage = {
  id: "flowcontrol.v1",
  types: {
    ExemptPriorityLevelConfiguration: "nominalConcurrencyShares=1:i32 lendablePercent=2:i32",
    FlowDistinguisherMethod: "type=1:str!",
    FlowSchema: "metadata=1:meta.v1.ObjectMeta spec=2:FlowSchemaSpec status=3:FlowSchemaStatus",
    FlowSchemaCondition: "type=1:str? status=2:str? lastTransitionTime=3:time reason=4:str? message=5:str?",
    FlowSchemaList: "metadata=1:meta.v1.ListMeta items=2:[]FlowSchema",
    FlowSchemaSpec: "priorityLevelConfiguration=1:PriorityLevelConfigurationReference matchingPrecedence=2:i32! distinguisherMethod=3:FlowDistinguisherMethod rules=4:[]PolicyRulesWithSubjects",
    FlowSchemaStatus: "conditions=1:[]FlowSchemaCondition",
    GroupSubject: "name=1:str!",
    LimitedPriorityLevelConfiguration: "nominalConcurrencyShares=1:i32 limitResponse=2:LimitResponse lendablePercent=3:i32 borrowingLimitPercent=4:i32",
    LimitResponse: "type=1:str! queuing=2:QueuingConfiguration",
    NonResourcePolicyRule: "verbs=1:[]str nonResourceURLs=6:[]str",
    PolicyRulesWithSubjects: "subjects=1:[]Subject resourceRules=2:[]ResourcePolicyRule nonResourceRules=3:[]NonResourcePolicyRule",
    PriorityLevelConfiguration: "metadata=1:meta.v1.ObjectMeta spec=2:PriorityLevelConfigurationSpec status=3:PriorityLevelConfigurationStatus",
    PriorityLevelConfigurationCondition: "type=1:str? status=2:str? lastTransitionTime=3:time reason=4:str? message=5:str?",
    PriorityLevelConfigurationList: "metadata=1:meta.v1.ListMeta items=2:[]PriorityLevelConfiguration",
    PriorityLevelConfigurationReference: "name=1:str!",
    PriorityLevelConfigurationSpec: "type=1:str! limited=2:LimitedPriorityLevelConfiguration exempt=3:ExemptPriorityLevelConfiguration",
    PriorityLevelConfigurationStatus: "conditions=1:[]PriorityLevelConfigurationCondition",
    QueuingConfiguration: "queues=1:i32! handSize=2:i32! queueLengthLimit=3:i32!",
    ResourcePolicyRule: "verbs=1:[]str apiGroups=2:[]str resources=3:[]str clusterScope=4:bool? namespaces=5:[]str",
    ServiceAccountSubject: "namespace=1:str! name=2:str!",
    Subject: "kind=1:str! user=2:UserSubject group=3:GroupSubject serviceAccount=4:ServiceAccountSubject",
    UserSubject: "name=1:str!",
  },
};
