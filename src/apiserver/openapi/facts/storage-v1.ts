/** Upstream field facts of io.k8s.api.storage.v1 (grammar: field-facts.ts). */
import type { PackageFacts } from "./field-facts.js";

export const storageV1Facts: PackageFacts = {
  package: "io.k8s.api.storage.v1",
  types: {
    CSIDriver: "metadata=default:{} spec=default:{}",
    CSIDriverList: "metadata=default:{}",
    CSIDriverSpec: "tokenRequests=list:atomic volumeLifecycleModes=list:set",
    CSINode: "metadata=default:{} spec=default:{}",
    CSINodeDriver: "name=default:\"\" nodeID=default:\"\" topologyKeys=list:atomic",
    CSINodeList: "metadata=default:{}",
    CSINodeSpec: "drivers=patch:merge;key:name;list:map:name",
    CSIStorageCapacity: "metadata=default:{} storageClassName=default:\"\"",
    CSIStorageCapacityList: "metadata=default:{}",
    StorageClass: "allowedTopologies=list:atomic metadata=default:{} mountOptions=list:atomic provisioner=default:\"\"",
    StorageClassList: "metadata=default:{}",
    TokenRequest: "audience=default:\"\" expirationSeconds=int64",
    VolumeAttachment: "metadata=default:{} spec=default:{} status=default:{}",
    VolumeAttachmentList: "metadata=default:{}",
    VolumeAttachmentSpec: "attacher=default:\"\" nodeName=default:\"\" source=default:{}",
    VolumeAttachmentStatus: "attached=default:false",
    VolumeError: "time=default:{}",
  },
};
