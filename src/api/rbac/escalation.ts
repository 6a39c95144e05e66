/**
 * Escalation prevention, as upstream's policy-based RBAC storage: a user
 * may create or change a Role or ClusterRole only with every permission it
 * grants already held (or the "escalate" verb on it), and bind a role only
 * holding its permissions (or the "bind" verb on it). system:masters is
 * exempt; so are writes that only touch what garbage collection needs.
 */
import type { PolicyRule, RoleRef } from "kubernetes-types/rbac/v1.js";
import { ApiError, forbidden } from "../errors.js";
import type { HookContext, KubeObject, SubjectRules, UserInfo } from "../types.js";
import { compactRules, compactString, covers, goQuotedList } from "./rule-covers.js";
import { RBAC_GROUP } from "./rbac-validation.js";

const FULL_AUTHORITY: PolicyRule[] = [
  { verbs: ["*"], apiGroups: ["*"], resources: ["*"] },
  { verbs: ["*"], nonResourceURLs: ["*"] },
];

type RoleResource = "roles" | "clusterroles";
type BindingResource = "rolebindings" | "clusterrolebindings";

/** Upstream's EscalationAllowed: system:masters may grant anything. */
function escalationAllowed(user: UserInfo | undefined): boolean {
  // Writes without a user come from the server itself (bootstrap, reconciliation).
  return !user || user.groups.includes("system:masters");
}

async function verbAllowed(ctx: HookContext, verb: "escalate" | "bind", resource: RoleResource, namespace: string | undefined, name: string): Promise<boolean> {
  const d = await ctx.services.authorize({ user: ctx.user!, verb, resource: { group: RBAC_GROUP, resource, namespace, name } });
  return d.allowed;
}

function heldRules(r: SubjectRules): PolicyRule[] {
  return [
    ...r.resourceRules.map((x) => ({ verbs: x.verbs, apiGroups: x.apiGroups ?? [], resources: x.resources ?? [], ...(x.resourceNames?.length ? { resourceNames: x.resourceNames } : {}) })),
    ...r.nonResourceRules.map((x) => ({ verbs: x.verbs, nonResourceURLs: x.nonResourceURLs ?? [] })),
  ];
}

/** Upstream's ConfirmNoEscalation: the error text when the user lacks any of rules in namespace, else undefined. */
export async function escalationError(ctx: HookContext, rules: PolicyRule[], namespace: string): Promise<string | undefined> {
  const user = ctx.user!;
  const held = await ctx.services.rulesFor(user, namespace);
  const { covered, missing } = covers(heldRules(held), rules);
  if (covered) return undefined;
  const lines = [...new Set(compactRules(missing).map(compactString))].sort();
  let msg = `user ${JSON.stringify(user.username)} (groups=${goQuotedList(user.groups)}) is attempting to grant RBAC permissions not currently held:\n${lines.join("\n")}`;
  if (held.evaluationError) msg += `; resolution errors: [${held.evaluationError}]`;
  return msg;
}

/** Upstream's IsOnlyMutatingGCFields: only ownerReferences and finalizers differ. */
function onlyGCFieldsChange(obj: KubeObject, old: KubeObject): boolean {
  const strip = (o: KubeObject) => {
    const { ownerReferences: _o, finalizers: _f, managedFields: _m, resourceVersion: _r, ...meta } = o.metadata;
    return JSON.stringify({ ...o, metadata: meta });
  };
  return strip(obj) === strip(old);
}

/** Roles and ClusterRoles, on create (old undefined) and update. */
export async function checkRoleEscalation(resource: RoleResource, obj: KubeObject & { rules?: PolicyRule[]; aggregationRule?: unknown }, old: (KubeObject & { aggregationRule?: unknown }) | undefined, ctx: HookContext): Promise<void> {
  if (escalationAllowed(ctx.user)) return;
  const { namespace, name = "" } = obj.metadata;
  if (await verbAllowed(ctx, "escalate", resource, namespace, name)) return;
  if (old && onlyGCFieldsChange(obj, old)) return;
  const gr = { group: RBAC_GROUP, resource };
  const err = await escalationError(ctx, obj.rules ?? [], namespace ?? "");
  if (err) throw forbidden(gr, name, err);
  // An aggregation rule can gather anything (and keep a role from tightening): it takes * on *.*.
  if (resource === "clusterroles" && (obj.aggregationRule || old?.aggregationRule) && (await escalationError(ctx, FULL_AUTHORITY, ""))) {
    throw forbidden(gr, name, "must have cluster-admin privileges to use the aggregationRule");
  }
}

/** RoleBindings and ClusterRoleBindings, on create (old undefined) and update. */
export async function checkBindingEscalation(resource: BindingResource, obj: KubeObject & { roleRef?: RoleRef }, old: KubeObject | undefined, ctx: HookContext): Promise<void> {
  if (escalationAllowed(ctx.user) || !obj.roleRef) return;
  if (old && onlyGCFieldsChange(obj, old)) return;
  const { namespace, name = "" } = obj.metadata;
  const ref = obj.roleRef;
  const roleResource: RoleResource = ref.kind === "Role" ? "roles" : "clusterroles";
  if (await verbAllowed(ctx, "bind", roleResource, namespace, ref.name)) return;
  const role = (await ctx.services.getObject(RBAC_GROUP, roleResource, ref.kind === "Role" ? namespace : undefined, ref.name)) as (KubeObject & { rules?: PolicyRule[] }) | undefined;
  // As upstream's role getters word it: the singular resource.
  const singular = ref.kind === "Role" ? "role" : "clusterrole";
  if (!role) throw new ApiError(404, "NotFound", `${singular}.${RBAC_GROUP} ${JSON.stringify(ref.name)} not found`, { name: ref.name, group: RBAC_GROUP, kind: singular });
  const err = await escalationError(ctx, role.rules ?? [], namespace ?? "");
  if (err) throw forbidden({ group: RBAC_GROUP, resource }, name, err);
}
