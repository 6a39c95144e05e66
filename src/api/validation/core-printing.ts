/** Cells shared by the core/v1 tables, as upstream's printers. */
import type { KubeObject, TableColumn } from "../types.js";
import { age } from "../printers.js";

export const AGE_DESCRIPTION = "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";

export function ageColumn<T extends KubeObject>(): TableColumn<T> {
  return { name: "Age", type: "string", description: AGE_DESCRIPTION, cell: (o, ctx) => age(o.metadata.creationTimestamp, ctx.now) };
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
