/** Upstream field facts of io.k8s.apimachinery.pkg.apis.meta.v1 (grammar: field-facts.ts). */
import type { PackageFacts } from "./field-facts.js";

export const metaV1Facts: PackageFacts = {
  package: "io.k8s.apimachinery.pkg.apis.meta.v1",
  types: {
    APIGroup: "name=default:\"\" preferredVersion=default:{} serverAddressByClientCIDRs=list:atomic versions=list:atomic",
    APIGroupList: "groups=list:atomic",
    APIResource: "categories=list:atomic kind=default:\"\" name=default:\"\" namespaced=default:false shortNames=list:atomic singularName=default:\"\"",
    APIResourceList: "groupVersion=default:\"\" resources=list:atomic",
    APIVersions: "serverAddressByClientCIDRs=list:atomic versions=list:atomic",
    Condition: "lastTransitionTime=default:{} message=default:\"\" observedGeneration=int64 reason=default:\"\" status=default:\"\" type=default:\"\"",
    DeleteOptions: "dryRun=list:atomic gracePeriodSeconds=int64",
    GroupVersionForDiscovery: "groupVersion=default:\"\" version=default:\"\"",
    LabelSelector: "@map:atomic matchExpressions=list:atomic",
    LabelSelectorRequirement: "key=default:\"\" operator=default:\"\" values=list:atomic",
    ListMeta: "remainingItemCount=int64",
    ObjectMeta: "creationTimestamp=default:{} deletionGracePeriodSeconds=int64 finalizers=patch:merge;list:set generation=int64 managedFields=list:atomic ownerReferences=patch:merge;key:uid;list:map:uid",
    OwnerReference: "@map:atomic apiVersion=default:\"\" kind=default:\"\" name=default:\"\" uid=default:\"\"",
    ServerAddressByClientCIDR: "clientCIDR=default:\"\" serverAddress=default:\"\"",
    Status: "metadata=default:{}",
    StatusDetails: "causes=list:atomic",
    WatchEvent: "object=default:{} type=default:\"\"",
  },
};
