/**
 * storage.k8s.io/v1 CSIDriver (cluster-scoped): how Kubernetes talks to a
 * CSI driver. Upstream's SetDefaults_CSIDriver, ValidateCSIDriver (the name
 * is the driver's name; attachRequired and volumeLifecycleModes immutable)
 * and the table of printers.go.
 */
import type { CSIDriver } from "kubernetes-types/storage/v1.js";
import { ageColumn } from "../printers.js";
import type { KubeObject, ResourceDefinition, TableColumn } from "../types.js";
import { fieldErrors, path, type FieldError } from "../validation/field.js";
import { validateImmutable } from "../validation/immutable.js";

export type CSIDriverObject = CSIDriver & KubeObject;

const FS_GROUP_POLICIES = ["ReadWriteOnceWithFSType", "File", "None"];
const LIFECYCLE_MODES = ["Persistent", "Ephemeral"];

export function defaultCSIDriver(d: CSIDriverObject): void {
  const spec = (d.spec ??= {});
  spec.attachRequired ??= true;
  spec.podInfoOnMount ??= false;
  spec.storageCapacity ??= false;
  spec.fsGroupPolicy ??= "ReadWriteOnceWithFSType";
  spec.requiresRepublish ??= false;
  spec.seLinuxMount ??= false;
  const s = spec as { volumeLifecycleModes?: string[] };
  if (!s.volumeLifecycleModes?.length) s.volumeLifecycleModes = ["Persistent"];
}

export function validateCSIDriver(d: CSIDriverObject): FieldError[] {
  const sp = path("spec");
  const spec = d.spec ?? {};
  const errs: FieldError[] = [];
  if (spec.attachRequired === undefined) errs.push(fieldErrors.required(sp.child("attachedRequired"), ""));
  if (spec.podInfoOnMount === undefined) errs.push(fieldErrors.required(sp.child("podInfoOnMount"), ""));
  if (spec.fsGroupPolicy !== undefined && !FS_GROUP_POLICIES.includes(spec.fsGroupPolicy)) errs.push(fieldErrors.notSupported(sp.child("fsGroupPolicy"), spec.fsGroupPolicy, FS_GROUP_POLICIES));
  const modes = (spec as { volumeLifecycleModes?: string[] }).volumeLifecycleModes ?? [];
  modes.forEach((m, i) => {
    if (!LIFECYCLE_MODES.includes(m)) errs.push(fieldErrors.notSupported(sp.child("volumeLifecycleModes").index(i), m, LIFECYCLE_MODES));
  });
  const audiences = new Set<string>();
  (spec.tokenRequests ?? []).forEach((t, i) => {
    const a = t.audience ?? "";
    if (audiences.has(a)) errs.push(fieldErrors.duplicate(sp.child("tokenRequests").index(i).child("audience"), a));
    audiences.add(a);
    if (t.expirationSeconds !== undefined && t.expirationSeconds < 600) errs.push(fieldErrors.invalid(sp.child("tokenRequests").index(i).child("expirationSeconds"), t.expirationSeconds, "may not specify a duration less than 10 minutes"));
  });
  return errs;
}


const columns: TableColumn<CSIDriverObject>[] = [
  { name: "AttachRequired", type: "boolean", description: "attachRequired indicates this CSI volume driver requires an attach operation (because it implements the CSI ControllerPublishVolume() method), and that the Kubernetes attach detach controller should call the attach volume interface which checks the volumeattachment status and waits until the volume is attached before proceeding to mounting.", cell: (d) => d.spec?.attachRequired ?? true },
  { name: "PodInfoOnMount", type: "boolean", description: "podInfoOnMount indicates this CSI volume driver requires additional pod information (like podName, podUID, etc.) during mount operations, if set to true.", cell: (d) => d.spec?.podInfoOnMount ?? false },
  { name: "StorageCapacity", type: "boolean", description: "storageCapacity indicates that the CSI volume driver wants pod scheduling to consider the storage capacity that the driver deployment will report by creating CSIStorageCapacity objects with capacity information, if set to true.", cell: (d) => d.spec?.storageCapacity ?? false },
  { name: "TokenRequests", type: "string", description: "tokenRequests indicates the CSI driver needs pods' service account tokens it is mounting volume for to do necessary authentication.", cell: (d) => (d.spec?.tokenRequests?.length ? d.spec.tokenRequests.map((t) => t.audience).join(",") : "<unset>") },
  { name: "RequiresRepublish", type: "boolean", description: "requiresRepublish indicates the CSI driver wants `NodePublishVolume` being periodically called to reflect any possible change in the mounted volume.", cell: (d) => d.spec?.requiresRepublish ?? false },
  { name: "Modes", type: "string", description: "volumeLifecycleModes defines what kind of volumes this CSI volume driver supports.", cell: (d) => ((d.spec as { volumeLifecycleModes?: string[] })?.volumeLifecycleModes ?? []).join(",") || "<none>" },
  ageColumn(),
];

export const csidrivers: ResourceDefinition<CSIDriverObject> = {
  group: "storage.k8s.io",
  version: "v1",
  kind: "CSIDriver",
  plural: "csidrivers",
  singular: "csidriver",
  namespaced: false,
  schema: "io.k8s.api.storage.v1.CSIDriver",
  tracksGeneration: true,
  defaults: defaultCSIDriver,
  validate: (d) => validateCSIDriver(d),
  validateUpdate: (d, old) => [
    ...validateCSIDriver(d),
    ...validateImmutable(d.spec?.attachRequired, old.spec?.attachRequired, path("spec", "attachRequired")),
    ...validateImmutable((d.spec as { volumeLifecycleModes?: string[] })?.volumeLifecycleModes, (old.spec as { volumeLifecycleModes?: string[] })?.volumeLifecycleModes, path("spec", "volumeLifecycleModes")),
  ],
  columns,
};
