/** Upstream protobuf facts of certificates.v1 (grammar: ../fact-table.ts). */
import type { ProtoPackage } from "../fact-table.js";

export const certificatesV1Proto: ProtoPackage = {
  id: "certificates.v1",
  types: {
    CertificateSigningRequest: "metadata=1:meta.v1.ObjectMeta spec=2:CertificateSigningRequestSpec status=3:CertificateSigningRequestStatus",
    CertificateSigningRequestCondition: "type=1:str! status=6:str! reason=2:str? message=3:str? lastUpdateTime=4:time lastTransitionTime=5:time",
    CertificateSigningRequestList: "metadata=1:meta.v1.ListMeta items=2:[]CertificateSigningRequest",
    CertificateSigningRequestSpec: "request=1:bytes! signerName=7:str! expirationSeconds=8:i32 usages=5:[]str username=2:str? uid=3:str? groups=4:[]str extra=6:{}ExtraValue",
    CertificateSigningRequestStatus: "conditions=1:[]CertificateSigningRequestCondition certificate=2:bytes?",
    ExtraValue: "@array items=1:[]str",
  },
};
