/** The Age column every upstream printer ends with (or nearly). */
import type { KubeObject, TableColumn } from "../types.js";
import { age } from "../printers.js";

export const AGE_DESCRIPTION = "CreationTimestamp is a timestamp representing the server time when this object was created.";

export function ageColumn<T extends KubeObject>(): TableColumn<T> {
  return { name: "Age", type: "string", description: AGE_DESCRIPTION, cell: (o, ctx) => age(o.metadata.creationTimestamp, ctx.now) };
}
