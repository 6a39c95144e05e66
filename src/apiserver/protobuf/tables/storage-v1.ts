/** Upstream protobuf facts of storage.v1 (grammar: ../fact-table.ts). */
import type { ProtoPackage } from "../fact-table.js";

export const storageV1Proto: ProtoPackage = {
  id: "storage.v1",
  types: {
    CSIDriver: "metadata=1:meta.v1.ObjectMeta spec=2:CSIDriverSpec",
    CSIDriverList: "metadata=1:meta.v1.ListMeta items=2:[]CSIDriver",
    CSIDriverSpec: "attachRequired=1:bool podInfoOnMount=2:bool volumeLifecycleModes=3:[]str storageCapacity=4:bool fsGroupPolicy=5:str tokenRequests=6:[]TokenRequest requiresRepublish=7:bool seLinuxMount=8:bool nodeAllocatableUpdatePeriodSeconds=9:i64 serviceAccountTokenInSecrets=10:bool",
    CSINode: "metadata=1:meta.v1.ObjectMeta spec=2:CSINodeSpec",
    CSINodeDriver: "name=1:str! nodeID=2:str! topologyKeys=3:[]str allocatable=4:VolumeNodeResources",
    CSINodeList: "metadata=1:meta.v1.ListMeta items=2:[]CSINode",
    CSINodeSpec: "drivers=1:[]CSINodeDriver",
    CSIStorageCapacity: "metadata=1:meta.v1.ObjectMeta nodeTopology=2:meta.v1.LabelSelector storageClassName=3:str! capacity=4:qty maximumVolumeSize=5:qty",
    CSIStorageCapacityList: "metadata=1:meta.v1.ListMeta items=2:[]CSIStorageCapacity",
    StorageClass: "metadata=1:meta.v1.ObjectMeta provisioner=2:str! parameters=3:{}str reclaimPolicy=4:str mountOptions=5:[]str allowVolumeExpansion=6:bool volumeBindingMode=7:str allowedTopologies=8:[]core.v1.TopologySelectorTerm",
    StorageClassList: "metadata=1:meta.v1.ListMeta items=2:[]StorageClass",
    TokenRequest: "audience=1:str! expirationSeconds=2:i64",
    VolumeAttachment: "metadata=1:meta.v1.ObjectMeta spec=2:VolumeAttachmentSpec status=3:VolumeAttachmentStatus",
    VolumeAttachmentList: "metadata=1:meta.v1.ListMeta items=2:[]VolumeAttachment",
    VolumeAttachmentSource: "persistentVolumeName=1:str inlineVolumeSpec=2:core.v1.PersistentVolumeSpec",
    VolumeAttachmentSpec: "attacher=1:str! source=2:VolumeAttachmentSource nodeName=3:str!",
    VolumeAttachmentStatus: "attached=1:bool! attachmentMetadata=2:{}str attachError=3:VolumeError detachError=4:VolumeError",
    VolumeAttributesClass: "metadata=1:meta.v1.ObjectMeta driverName=2:str! parameters=3:{}str",
    VolumeAttributesClassList: "metadata=1:meta.v1.ListMeta items=2:[]VolumeAttributesClass",
    VolumeError: "time=1:time message=2:str? errorCode=3:i32",
    VolumeNodeResources: "count=1:i32",
  },
};
