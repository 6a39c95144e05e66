/** Access modes (checked and printed) and storage class lookup shared by PersistentVolumes and claims. */
import { fieldErrors, type FieldError } from "./field.js";

export const ACCESS_MODES = ["ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"];
const BETA_STORAGE_CLASS = "volume.beta.kubernetes.io/storage-class";

export function validateAccessModes(modes: readonly string[] | undefined, p: string, requiredDetail = ""): FieldError[] {
  const errs: FieldError[] = [];
  if (!(modes ?? []).length) return [fieldErrors.required(p, requiredDetail)];
  for (const m of modes!) if (!ACCESS_MODES.includes(m)) errs.push(fieldErrors.notSupported(p, m, ACCESS_MODES));
  if (modes!.includes("ReadWriteOncePod") && modes!.length > 1) errs.push(fieldErrors.forbidden(p, "may not use ReadWriteOncePod with other access modes"));
  return errs;
}

/** The beta annotation wins over spec.storageClassName, as upstream's helper. */
export function storageClassOf(obj: { metadata: { annotations?: Record<string, string> }; spec?: { storageClassName?: string } }): string {
  const ann = obj.metadata.annotations;
  if (ann && BETA_STORAGE_CLASS in ann) return ann[BETA_STORAGE_CLASS];
  return obj.spec?.storageClassName ?? "";
}

/** Upstream's GetAccessModesAsString: RWO, ROX, RWX, RWOP in that order. */
export function accessModesString(modes: readonly string[] | undefined): string {
  const set = new Set(modes ?? []);
  const out: string[] = [];
  if (set.has("ReadWriteOnce")) out.push("RWO");
  if (set.has("ReadOnlyMany")) out.push("ROX");
  if (set.has("ReadWriteMany")) out.push("RWX");
  if (set.has("ReadWriteOncePod")) out.push("RWOP");
  return out.join(",");
}
