/**
 * Server-side printing: objects to meta.k8s.io/v1 Table with the resource's
 * upstream columns, Name first. Resources without columns get upstream's
 * default convertor (Name, Created At).
 */
import type { KubeObject, PrintContext, ResourceDefinition, TableColumn } from "../../api/types.js";
import { rfc3339 } from "../../api/printers.js";

const NAME_DESCRIPTION =
  "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names";
const CREATED_DESCRIPTION =
  "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";

const nameColumn: TableColumn = { name: "Name", type: "string", format: "name", description: NAME_DESCRIPTION, priority: 0, cell: (o) => o.metadata.name ?? "" };
const createdAtColumn: TableColumn = { name: "Created At", type: "date", description: CREATED_DESCRIPTION, priority: 0, cell: (o) => (o.metadata.creationTimestamp ? rfc3339(Date.parse(o.metadata.creationTimestamp)) : null) };

export type IncludeObject = "None" | "Metadata" | "Object";

export function columnsOf(def: ResourceDefinition): TableColumn[] {
  if (!def.columns || !def.columns.length) return [nameColumn, createdAtColumn];
  const own = def.columns as TableColumn[];
  if (def.nameColumn === false) return own;
  const custom = def.nameColumn;
  const first = custom ? { ...nameColumn, cell: (o: KubeObject) => custom.cell(o) } : nameColumn;
  return [first, ...own];
}

export function partialObjectMetadata(obj: KubeObject): KubeObject {
  return { kind: "PartialObjectMetadata", apiVersion: "meta.k8s.io/v1", metadata: obj.metadata };
}

export interface TableOptions {
  includeObject: IncludeObject;
  noHeaders?: boolean;
  listMeta?: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
}

export function toTable(def: ResourceDefinition, objects: KubeObject[], ctx: PrintContext, opts: TableOptions): Record<string, unknown> {
  const cols = columnsOf(def);
  const rows = objects.map((o) => {
    const row: Record<string, unknown> = { cells: cols.map((c) => safeCell(c, o, ctx)) };
    if (opts.includeObject === "Object") row.object = o;
    else if (opts.includeObject === "Metadata") row.object = partialObjectMetadata(o);
    return row;
  });
  const table: Record<string, unknown> = { kind: "Table", apiVersion: "meta.k8s.io/v1", metadata: opts.listMeta ?? {} };
  table.columnDefinitions = opts.noHeaders ? [] : cols.map((c) => ({ name: c.name, type: c.type, format: c.format ?? "", description: c.description, priority: c.priority ?? 0 }));
  table.rows = rows;
  return table;
}

function safeCell(c: TableColumn, o: KubeObject, ctx: PrintContext): unknown {
  try {
    return c.cell(o, ctx);
  } catch {
    // A malformed stored object must not break listing the rest.
    return "<unknown>";
  }
}
