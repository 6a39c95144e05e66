/**
 * Validation of a pod's volumes, as upstream's ValidateVolumes: unique
 * DNS-1123 names and exactly one source each, with the common sources'
 * required fields checked.
 */
import type { KeyToPath, Volume } from "kubernetes-types/core/v1.js";
import { fieldErrors, type FieldError, type FieldPath } from "../validation/field.js";
import { validateDNS1123Label } from "../validation/labels.js";
import { tryParseQuantity } from "../validation/core-quantity.js";
import { VOLUME_SOURCES } from "./pod-defaults.js";

const FILE_MODE_ERROR = "must be a number between 0 and 0777 (octal), both inclusive";
const HOST_PATH_TYPES = ["", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket"];

function validateMode(mode: number | undefined, path: FieldPath): FieldError[] {
  return mode !== undefined && (mode < 0 || mode > 0o777) ? [fieldErrors.invalid(path, mode, FILE_MODE_ERROR)] : [];
}

/** validateLocalDescendingPath: relative, without "..". */
export function validateLocalPath(p: string, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (p.startsWith("/")) errs.push(fieldErrors.invalid(path, p, "must be a relative path"));
  if (p.split("/").includes("..")) errs.push(fieldErrors.invalid(path, p, "must not contain '..'"));
  return errs;
}

function validateItems(items: KeyToPath[] | undefined, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  (items ?? []).forEach((it, i) => {
    const ip = path.index(i);
    if (!it.key) errs.push(fieldErrors.required(ip.child("key")));
    if (!it.path) errs.push(fieldErrors.required(ip.child("path")));
    else errs.push(...validateLocalPath(it.path, ip.child("path")));
    errs.push(...validateMode(it.mode, ip.child("mode")));
  });
  return errs;
}

function validateSource(v: Volume, path: FieldPath): FieldError[] {
  const rec = v as unknown as Record<string, unknown>;
  const present = VOLUME_SOURCES.filter((s) => rec[s] !== undefined && rec[s] !== null);
  if (present.length === 0) return [fieldErrors.required(path, "must specify a volume type")];
  const errs = present.slice(1).map((s) => fieldErrors.forbidden(path.child(s), "may not specify more than 1 volume type"));
  if (v.hostPath) {
    if (!v.hostPath.path) errs.push(fieldErrors.required(path.child("hostPath", "path")));
    if (v.hostPath.type !== undefined && !HOST_PATH_TYPES.includes(v.hostPath.type)) {
      errs.push(fieldErrors.notSupported(path.child("hostPath", "type"), v.hostPath.type, HOST_PATH_TYPES));
    }
  }
  if (v.emptyDir?.sizeLimit !== undefined) {
    const q = tryParseQuantity(v.emptyDir.sizeLimit);
    if (!q || q.sign() < 0) errs.push(fieldErrors.forbidden(path.child("emptyDir", "sizeLimit"), "SizeLimit field must be a valid resource quantity"));
  }
  if (v.secret) {
    if (!v.secret.secretName) errs.push(fieldErrors.required(path.child("secret", "secretName")));
    errs.push(...validateMode(v.secret.defaultMode, path.child("secret", "defaultMode")));
    errs.push(...validateItems(v.secret.items, path.child("secret", "items")));
  }
  if (v.configMap) {
    if (!v.configMap.name) errs.push(fieldErrors.required(path.child("configMap", "name")));
    errs.push(...validateMode(v.configMap.defaultMode, path.child("configMap", "defaultMode")));
    errs.push(...validateItems(v.configMap.items, path.child("configMap", "items")));
  }
  if (v.persistentVolumeClaim && !v.persistentVolumeClaim.claimName) errs.push(fieldErrors.required(path.child("persistentVolumeClaim", "claimName")));
  if (v.nfs) {
    if (!v.nfs.server) errs.push(fieldErrors.required(path.child("nfs", "server")));
    if (!v.nfs.path) errs.push(fieldErrors.required(path.child("nfs", "path")));
    else if (!v.nfs.path.startsWith("/")) errs.push(fieldErrors.invalid(path.child("nfs", "path"), v.nfs.path, "must be an absolute path"));
  }
  if (v.downwardAPI) errs.push(...validateMode(v.downwardAPI.defaultMode, path.child("downwardAPI", "defaultMode")));
  if (v.projected) errs.push(...validateMode(v.projected.defaultMode, path.child("projected", "defaultMode")));
  return errs;
}

/** Validates the volumes and returns the set of their names, for volume mounts to refer to. */
export function validateVolumes(volumes: Volume[] | undefined, path: FieldPath): { names: Set<string>; errs: FieldError[] } {
  const names = new Set<string>();
  const errs: FieldError[] = [];
  (volumes ?? []).forEach((v, i) => {
    const ip = path.index(i);
    errs.push(...validateSource(v, ip));
    if (!v.name) errs.push(fieldErrors.required(ip.child("name")));
    else errs.push(...validateDNS1123Label(v.name, ip.child("name")));
    if (names.has(v.name)) errs.push(fieldErrors.duplicate(ip.child("name"), v.name));
    else names.add(v.name);
  });
  return { names, errs };
}
