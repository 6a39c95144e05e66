/**
 * DefaultStorageClass and DefaultIngressClass admission (upstream's
 * storageclass/setdefault and network/defaultingressclass): a new PVC or
 * Ingress that names no class gets the default one, the newest when
 * several are marked default (by name when created at the same time).
 */
import type { KubeObject } from "../../api/types.js";
import { DEFAULT_CLASS_ANNOTATION, BETA_DEFAULT_CLASS_ANNOTATION } from "../../api/storage/storageclasses.js";
import { DEFAULT_INGRESS_CLASS_ANNOTATION } from "../../api/networking/index.js";
import { isRecord } from "./shape.js";
import type { AdmissionAttributes, AdmissionLookup, AdmissionPlugin } from "./types.js";

/** The PVC annotation that named a class before spec.storageClassName. */
const BETA_STORAGE_CLASS_ANNOTATION = "volume.beta.kubernetes.io/storage-class";

/** The newest of the classes marked default. */
function newestDefault(classes: KubeObject[], isDefault: (o: KubeObject) => boolean): KubeObject | undefined {
  const created = (o: KubeObject) => Date.parse(o.metadata.creationTimestamp ?? "") || 0;
  return classes
    .filter(isDefault)
    .sort((x, y) => created(y) - created(x) || ((x.metadata.name ?? "") < (y.metadata.name ?? "") ? -1 : 1))[0];
}

/** A create of the resource itself, with an object. */
const createOf = (group: string, resource: string) => (a: AdmissionAttributes): a is AdmissionAttributes & { object: KubeObject } => a.operation === "CREATE" && !a.subresource && a.resource.group === group && a.resource.resource === resource && !!a.object;

export function createDefaultStorageClassAdmission(lookup: AdmissionLookup): AdmissionPlugin {
  return {
    name: "DefaultStorageClass",
    handles: createOf("", "persistentvolumeclaims"),
    async admit(a) {
      if (!createOf("", "persistentvolumeclaims")(a)) return;
      if (!isRecord(a.object.spec) && a.object.spec !== undefined) return;
      const pvc = a.object as KubeObject & { spec?: { storageClassName?: string | null } };
      const hasClass = (pvc.spec?.storageClassName !== undefined && pvc.spec?.storageClassName !== null) || pvc.metadata.annotations?.[BETA_STORAGE_CLASS_ANNOTATION] !== undefined;
      if (hasClass) return;
      const annotations = (o: KubeObject) => o.metadata.annotations ?? {};
      const def = newestDefault(await lookup.list("storage.k8s.io", "storageclasses", undefined), (o) => annotations(o)[DEFAULT_CLASS_ANNOTATION] === "true" || annotations(o)[BETA_DEFAULT_CLASS_ANNOTATION] === "true");
      if (def) (pvc.spec ??= {}).storageClassName = def.metadata.name;
    },
  };
}

export function createDefaultIngressClassAdmission(lookup: AdmissionLookup): AdmissionPlugin {
  return {
    name: "DefaultIngressClass",
    handles: createOf("networking.k8s.io", "ingresses"),
    async admit(a) {
      if (!createOf("networking.k8s.io", "ingresses")(a)) return;
      if (!isRecord(a.object.spec) && a.object.spec !== undefined) return;
      const ingress = a.object as KubeObject & { spec?: { ingressClassName?: string | null } };
      if (ingress.spec?.ingressClassName !== undefined && ingress.spec?.ingressClassName !== null) return;
      if (ingress.metadata.annotations?.["kubernetes.io/ingress.class"] !== undefined) return;
      const def = newestDefault(await lookup.list("networking.k8s.io", "ingressclasses", undefined), (o) => o.metadata.annotations?.[DEFAULT_INGRESS_CLASS_ANNOTATION] === "true");
      if (def) (ingress.spec ??= {}).ingressClassName = def.metadata.name;
    },
  };
}
