/** Upstream field facts of io.k8s.apimachinery.pkg.apis.meta.v1 (grammar: field-facts.ts). */
import type { PackageFacts } from "./field-facts.js";

export const metaV1Facts: PackageFacts = {
  package: "io.k8s.apimachinery.pkg.apis.meta.v1",
  types: {
    APIGroup: "serverAddressByClientCIDRs=list:atomic versions=list:atomic",
    APIGroupList: "groups=list:atomic",
    APIResource: "categories=list:atomic shortNames=list:atomic",
    APIResourceList: "resources=list:atomic",
    APIVersions: "serverAddressByClientCIDRs=list:atomic versions=list:atomic",
    Condition: "observedGeneration=int64",
    DeleteOptions: "dryRun=list:atomic gracePeriodSeconds=int64",
    LabelSelector: "@map:atomic matchExpressions=list:atomic",
    LabelSelectorRequirement: "values=list:atomic",
    ListMeta: "remainingItemCount=int64",
    ObjectMeta: "deletionGracePeriodSeconds=int64 finalizers=patch:merge;list:set generation=int64 managedFields=list:atomic ownerReferences=patch:merge;key:uid;list:map:uid",
    OwnerReference: "@map:atomic",
    StatusDetails: "causes=list:atomic",
  },
};
