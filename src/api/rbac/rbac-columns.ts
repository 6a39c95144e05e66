/** Tables of the RBAC kinds, as upstream prints them. */
import type { RoleRef, Subject } from "kubernetes-types/rbac/v1.js";
import type { KubeObject, TableColumn } from "../types.js";
import { ageColumn } from "../printers.js";

/** Upstream's rbac.SubjectsStrings: users, groups and service accounts, each listed. */
export function subjectsStrings(subjects: Subject[] | undefined): { users: string[]; groups: string[]; sas: string[] } {
  const out = { users: [] as string[], groups: [] as string[], sas: [] as string[] };
  for (const s of subjects ?? []) {
    if (s.kind === "User") out.users.push(s.name);
    else if (s.kind === "Group") out.groups.push(s.name);
    else if (s.kind === "ServiceAccount") out.sas.push(s.namespace ? `${s.namespace}/${s.name}` : s.name);
  }
  return out;
}

type Binding = KubeObject & { roleRef: RoleRef; subjects?: Subject[] };

/** "Role" columns of role bindings; `what` is "roleBinding" or "clusterRoleBinding". */
export function bindingColumns<T extends Binding>(what: string): TableColumn<T>[] {
  return [
    { name: "Role", type: "string", description: "RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace. If the RoleRef cannot be resolved, the Authorizer must return an error.", cell: (b) => `${b.roleRef?.kind ?? ""}/${b.roleRef?.name ?? ""}` },
    ageColumn<T>(),
    { name: "Users", type: "string", priority: 1, description: `Users in the ${what}`, cell: (b) => subjectsStrings(b.subjects).users.join(", ") },
    { name: "Groups", type: "string", priority: 1, description: `Groups in the ${what}`, cell: (b) => subjectsStrings(b.subjects).groups.join(", ") },
    { name: "ServiceAccounts", type: "string", priority: 1, description: `ServiceAccounts in the ${what}`, cell: (b) => subjectsStrings(b.subjects).sas.join(", ") },
  ];
}
