/**
 * Roles, ClusterRoles and their bindings held in memory, indexed by subject,
 * with the rules each user holds in each namespace cached until the next
 * RBAC change: an authorization decision then costs a map lookup and a scan
 * of the user's own rules, whatever the number of bindings in the cluster.
 * Upstream's DefaultRuleResolver, over an index instead of listers.
 */
import type { ClusterRole, ClusterRoleBinding, PolicyRule, Role, RoleBinding, Subject } from "kubernetes-types/rbac/v1.js";
import type { UserInfo } from "../../api/types.js";

/** A rule with the binding that grants it, as upstream's describers print it. */
export interface GrantedRule {
  rule: PolicyRule;
  source: string;
}

export interface ResolvedRules {
  rules: GrantedRule[];
  /** Upstream's resolution errors: bindings whose role does not exist. */
  errors: string[];
}

export type RbacKind = "ClusterRole" | "Role" | "ClusterRoleBinding" | "RoleBinding";
type Binding = ClusterRoleBinding | RoleBinding;

interface SubjectBinding {
  binding: Binding;
  subject: Subject;
}

const MAX_CACHED = 10_000;

export class RbacIndex {
  private readonly clusterRoles = new Map<string, ClusterRole>();
  private readonly roles = new Map<string, Role>();
  private readonly clusterRoleBindings = new Map<string, ClusterRoleBinding>();
  private readonly roleBindings = new Map<string, RoleBinding>();
  /** Subject key ("User:alice", "Group:devs") -> cluster role bindings naming it. */
  private clusterBySubject = new Map<string, SubjectBinding[]>();
  /** Namespace -> subject key -> role bindings naming it. */
  private namespacedBySubject = new Map<string, Map<string, SubjectBinding[]>>();
  private readonly cache = new Map<string, ResolvedRules>();
  private dirty = true;

  /** Records an object's current state (deleted: gone). */
  apply(kind: RbacKind, obj: ClusterRole | Role | Binding, deleted: boolean): void {
    const map = this.mapOf(kind) as Map<string, typeof obj>;
    const key = objectKey(obj);
    if (deleted) map.delete(key);
    else map.set(key, obj);
    this.dirty = true;
  }

  /** Replaces every object of a kind (a fresh list). */
  replace(kind: RbacKind, objects: (ClusterRole | Role | Binding)[]): void {
    const map = this.mapOf(kind) as Map<string, unknown>;
    map.clear();
    for (const o of objects) map.set(objectKey(o), o);
    this.dirty = true;
  }

  clusterRole(name: string): ClusterRole | undefined {
    return this.clusterRoles.get(name);
  }

  role(namespace: string, name: string): Role | undefined {
    return this.roles.get(`${namespace}/${name}`);
  }

  /** The rules a user holds in a namespace ("" for cluster-wide only): cluster role bindings first, then the namespace's role bindings. */
  rulesFor(user: UserInfo, namespace: string): ResolvedRules {
    if (this.dirty) this.reindex();
    const cacheKey = `${namespace}\n${user.username}\n${user.groups.join("\n")}`;
    const cached = this.cache.get(cacheKey);
    if (cached) return cached;
    const out: ResolvedRules = { rules: [], errors: [] };
    const keys = [`User:${user.username}`, ...user.groups.map((g) => `Group:${g}`)];
    this.collect(out, bindingsFor(this.clusterBySubject, keys), "");
    if (namespace) {
      const inNamespace = this.namespacedBySubject.get(namespace);
      if (inNamespace) this.collect(out, bindingsFor(inNamespace, keys), namespace);
    }
    if (this.cache.size >= MAX_CACHED) this.cache.clear();
    this.cache.set(cacheKey, out);
    return out;
  }

  /** The rules a roleRef names, or the error upstream's GetRoleReferenceRules gives. */
  roleRefRules(ref: { kind: string; name: string }, namespace: string): { rules: PolicyRule[] } | { error: string } {
    if (ref.kind === "ClusterRole") {
      const r = this.clusterRoles.get(ref.name);
      return r ? { rules: r.rules ?? [] } : { error: `clusterrole.rbac.authorization.k8s.io "${ref.name}" not found` };
    }
    if (ref.kind === "Role") {
      const r = this.roles.get(`${namespace}/${ref.name}`);
      return r ? { rules: r.rules ?? [] } : { error: `role.rbac.authorization.k8s.io "${ref.name}" not found` };
    }
    return { error: `unsupported role reference kind: "${ref.kind}"` };
  }

  private collect(out: ResolvedRules, bindings: SubjectBinding[], namespace: string): void {
    for (const { binding, subject } of bindings) {
      const found = this.roleRefRules(binding.roleRef, namespace);
      if ("error" in found) {
        out.errors.push(found.error);
        continue;
      }
      const source = describe(binding, subject, namespace);
      for (const rule of found.rules) out.rules.push({ rule, source });
    }
  }

  private mapOf(kind: RbacKind): Map<string, unknown> {
    switch (kind) {
      case "ClusterRole":
        return this.clusterRoles;
      case "Role":
        return this.roles;
      case "ClusterRoleBinding":
        return this.clusterRoleBindings;
      case "RoleBinding":
        return this.roleBindings;
    }
  }

  private reindex(): void {
    this.cache.clear();
    this.clusterBySubject = new Map();
    this.namespacedBySubject = new Map();
    for (const b of sortedByName(this.clusterRoleBindings)) {
      for (const s of b.subjects ?? []) addTo(this.clusterBySubject, subjectKey(s, ""), { binding: b, subject: s });
    }
    for (const b of sortedByName(this.roleBindings)) {
      const ns = b.metadata?.namespace ?? "";
      let bySubject = this.namespacedBySubject.get(ns);
      if (!bySubject) this.namespacedBySubject.set(ns, (bySubject = new Map()));
      for (const s of b.subjects ?? []) addTo(bySubject, subjectKey(s, ns), { binding: b, subject: s });
    }
    this.dirty = false;
  }
}

function objectKey(obj: { metadata?: { namespace?: string; name?: string } }): string {
  const ns = obj.metadata?.namespace;
  return ns ? `${ns}/${obj.metadata?.name ?? ""}` : (obj.metadata?.name ?? "");
}

function sortedByName<T extends { metadata?: { name?: string } }>(m: Map<string, T>): T[] {
  return [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
}

/**
 * Upstream's appliesToUser as a lookup key: a service account subject is the
 * user system:serviceaccount:<ns>:<name>, its namespace defaulting to the
 * binding's; without one (a cluster binding) it matches nobody.
 */
function subjectKey(s: Subject, bindingNamespace: string): string | undefined {
  switch (s.kind) {
    case "User":
      return `User:${s.name}`;
    case "Group":
      return `Group:${s.name}`;
    case "ServiceAccount": {
      const ns = s.namespace || bindingNamespace;
      return ns ? `User:system:serviceaccount:${ns}:${s.name}` : undefined;
    }
    default:
      return undefined;
  }
}

function addTo(m: Map<string, SubjectBinding[]>, key: string | undefined, sb: SubjectBinding): void {
  if (key === undefined) return;
  const list = m.get(key);
  if (list) list.push(sb);
  else m.set(key, [sb]);
}

/** The bindings naming any of keys, each once, in name order (as upstream lists them). */
function bindingsFor(m: Map<string, SubjectBinding[]>, keys: string[]): SubjectBinding[] {
  const found: SubjectBinding[] = [];
  const seen = new Set<Binding>();
  for (const k of keys) {
    for (const sb of m.get(k) ?? []) {
      if (seen.has(sb.binding)) continue;
      seen.add(sb.binding);
      found.push(sb);
    }
  }
  if (keys.length > 1) found.sort((a, b) => compareNames(a.binding, b.binding));
  return found;
}

function compareNames(a: Binding, b: Binding): number {
  const x = a.metadata?.name ?? "";
  const y = b.metadata?.name ?? "";
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Upstream's describeSubject. */
function describeSubject(s: Subject, bindingNamespace: string): string {
  if (s.kind === "ServiceAccount") return `${s.kind} ${JSON.stringify(`${s.name}/${s.namespace || bindingNamespace}`)}`;
  return `${s.kind} ${JSON.stringify(s.name)}`;
}

/** Upstream's clusterRoleBindingDescriber / roleBindingDescriber. */
function describe(b: Binding, s: Subject, namespace: string): string {
  const role = `${b.roleRef.kind} ${JSON.stringify(b.roleRef.name)}`;
  if (!namespace) return `ClusterRoleBinding ${JSON.stringify(b.metadata?.name ?? "")} of ${role} to ${describeSubject(s, "")}`;
  return `RoleBinding ${JSON.stringify(`${b.metadata?.name ?? ""}/${namespace}`)} of ${role} to ${describeSubject(s, namespace)}`;
}
