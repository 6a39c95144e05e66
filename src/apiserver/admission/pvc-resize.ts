/**
 * PersistentVolumeClaimResize admission (upstream's
 * storage/persistentvolume/resize): a claim may grow only once bound, and
 * only when its StorageClass allows volume expansion.
 */
import type { PersistentVolumeClaim } from "kubernetes-types/core/v1.js";
import type { StorageClass } from "kubernetes-types/storage/v1.js";
import { forbidden } from "../../api/errors.js";
import { tryParseQuantity } from "../../api/validation/core-quantity.js";
import type { AdmissionAttributes, AdmissionLookup, AdmissionPlugin } from "./types.js";

/** The claim's class: the beta annotation first, as upstream's GetPersistentVolumeClaimClass. */
function claimClass(pvc: PersistentVolumeClaim): string {
  return pvc.metadata?.annotations?.["volume.beta.kubernetes.io/storage-class"] ?? pvc.spec?.storageClassName ?? "";
}

type WithObject = AdmissionAttributes & { object: NonNullable<AdmissionAttributes["object"]> };
const handles = (a: AdmissionAttributes): a is WithObject => a.operation === "UPDATE" && !a.subresource && a.resource.group === "" && a.resource.resource === "persistentvolumeclaims" && !!a.object && !!a.oldObject;

export function createPersistentVolumeClaimResizeAdmission(lookup: AdmissionLookup): AdmissionPlugin {
  return {
    name: "PersistentVolumeClaimResize",
    handles,
    async validate(a) {
      if (!handles(a)) return;
      const pvc = a.object as PersistentVolumeClaim;
      const old = a.oldObject as PersistentVolumeClaim;
      const size = tryParseQuantity(pvc.spec?.resources?.requests?.storage);
      const oldSize = tryParseQuantity(old.spec?.resources?.requests?.storage);
      if (!size || (oldSize && size.cmp(oldSize) <= 0)) return;
      if (old.status?.phase !== "Bound") throw forbidden(a.resource, a.name, "Only bound persistent volume claims can be expanded");
      const cls = claimClass(pvc);
      const sc = cls && cls === claimClass(old) ? ((await lookup.get("storage.k8s.io", "storageclasses", undefined, cls)) as unknown as StorageClass | undefined) : undefined;
      if (!sc?.allowVolumeExpansion) throw forbidden(a.resource, a.name, "only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize");
    },
  };
}
