/** Upstream protobuf facts of authentication.v1 (grammar: ../fact-table.ts). */
import type { ProtoPackage } from "../fact-table.js";

export const authenticationV1Proto: ProtoPackage = {
  id: "authentication.v1",
  types: {
    BoundObjectReference: "kind=1:str? apiVersion=2:str? name=3:str? uid=4:str?",
    ExtraValue: "@array items=1:[]str",
    SelfSubjectReview: "metadata=1:meta.v1.ObjectMeta status=2:SelfSubjectReviewStatus",
    SelfSubjectReviewStatus: "userInfo=1:UserInfo",
    TokenRequest: "metadata=1:meta.v1.ObjectMeta spec=2:TokenRequestSpec status=3:TokenRequestStatus",
    TokenRequestSpec: "audiences=1:[]str expirationSeconds=4:i64 boundObjectRef=3:BoundObjectReference",
    TokenRequestStatus: "token=1:str! expirationTimestamp=2:time",
    TokenReview: "metadata=1:meta.v1.ObjectMeta spec=2:TokenReviewSpec status=3:TokenReviewStatus",
    TokenReviewSpec: "token=1:str? audiences=2:[]str",
    TokenReviewStatus: "authenticated=1:bool? user=2:UserInfo audiences=4:[]str error=3:str?",
    UserInfo: "username=1:str? uid=2:str? groups=3:[]str extra=4:{}ExtraValue",
  },
};
