/** Upstream protobuf facts of authorization.v1 (grammar: ../fact-table.ts). */
import type { ProtoPackage } from "../fact-table.js";

export const authorizationV1Proto: ProtoPackage = {
  id: "authorization.v1",
  types: {
    ExtraValue: "@array items=1:[]str",
    FieldSelectorAttributes: "rawSelector=1:str? requirements=2:[]meta.v1.FieldSelectorRequirement",
    LabelSelectorAttributes: "rawSelector=1:str? requirements=2:[]meta.v1.LabelSelectorRequirement",
    LocalSubjectAccessReview: "metadata=1:meta.v1.ObjectMeta spec=2:SubjectAccessReviewSpec status=3:SubjectAccessReviewStatus",
    NonResourceAttributes: "path=1:str? verb=2:str?",
    NonResourceRule: "verbs=1:[]str nonResourceURLs=2:[]str",
    ResourceAttributes: "namespace=1:str? verb=2:str? group=3:str? version=4:str? resource=5:str? subresource=6:str? name=7:str? fieldSelector=8:FieldSelectorAttributes labelSelector=9:LabelSelectorAttributes",
    ResourceRule: "verbs=1:[]str apiGroups=2:[]str resources=3:[]str resourceNames=4:[]str",
    SelfSubjectAccessReview: "metadata=1:meta.v1.ObjectMeta spec=2:SelfSubjectAccessReviewSpec status=3:SubjectAccessReviewStatus",
    SelfSubjectAccessReviewSpec: "resourceAttributes=1:ResourceAttributes nonResourceAttributes=2:NonResourceAttributes",
    SelfSubjectRulesReview: "metadata=1:meta.v1.ObjectMeta spec=2:SelfSubjectRulesReviewSpec status=3:SubjectRulesReviewStatus",
    SelfSubjectRulesReviewSpec: "namespace=1:str?",
    SubjectAccessReview: "metadata=1:meta.v1.ObjectMeta spec=2:SubjectAccessReviewSpec status=3:SubjectAccessReviewStatus",
    SubjectAccessReviewSpec: "resourceAttributes=1:ResourceAttributes nonResourceAttributes=2:NonResourceAttributes user=3:str? groups=4:[]str extra=5:{}ExtraValue uid=6:str?",
    SubjectAccessReviewStatus: "allowed=1:bool! denied=4:bool? reason=2:str? evaluationError=3:str?",
    SubjectRulesReviewStatus: "resourceRules=1:[]ResourceRule nonResourceRules=2:[]NonResourceRule incomplete=3:bool! evaluationError=4:str?",
  },
};
