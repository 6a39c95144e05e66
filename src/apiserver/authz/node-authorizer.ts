/**
 * The Node authorizer (upstream's plugin/pkg/auth/authorizer/node) for
 * kubelets: users system:node:<name> in group system:nodes. Secrets,
 * configmaps, PVCs, PVs, ResourceClaims, VolumeAttachments and service
 * account tokens only when the graph links them to the node; leases and
 * CSINodes only the node's own; everything else as the system:node
 * ClusterRole's rules say (evaluated here, statically, as upstream does:
 * its binding has no subjects). What it does not allow gets no opinion, so
 * a union with RBAC decides, with the reason kept for the 403.
 *
 * Upstream's AuthorizeNodeWithSelectors checks (field-selector-scoped pod
 * and node reads) are not applied: node and pod reads follow the role.
 */
import type { AuthorizationAttributes, AuthorizationDecision, SubjectRules, UserInfo } from "../../api/types.js";
import type { PolicyRule } from "kubernetes-types/rbac/v1.js";
import type { Authorizer } from "./authorizer.js";
import type { NodeGraph, VertexType } from "./node-graph.js";

const NODE_USER_PREFIX = "system:node:";
const NODES_GROUP = "system:nodes";
const NODE_LEASE_NAMESPACE = "kube-node-lease";

/** The node a user is, as upstream's default NodeIdentifier: undefined when not a node. */
export function nodeIdentity(user: UserInfo): { nodeName: string } | undefined {
  if (!user.username.startsWith(NODE_USER_PREFIX) || !user.groups.includes(NODES_GROUP)) return undefined;
  return { nodeName: user.username.slice(NODE_USER_PREFIX.length) };
}

const allow: AuthorizationDecision = { allowed: true, reason: "" };
const noOpinion = (reason = ""): AuthorizationDecision => ({ allowed: false, reason });

type Resource = NonNullable<AuthorizationAttributes["resource"]>;

const has = (list: string[] | undefined, v: string): boolean => !!list && (list.includes("*") || list.includes(v));

/** Whether one of the rules allows the request (RBAC's rule matching). */
export function rulesAllow(a: AuthorizationAttributes, rules: PolicyRule[]): boolean {
  const r = a.resource;
  return rules.some((rule) => {
    if (!has(rule.verbs, a.verb)) return false;
    if (!r) return !!a.path && (rule.nonResourceURLs ?? []).some((u) => u === "*" || u === a.path || (u.endsWith("*") && a.path!.startsWith(u.slice(0, -1))));
    if (!has(rule.apiGroups, r.group)) return false;
    const combined = r.subresource ? `${r.resource}/${r.subresource}` : r.resource;
    const resources = rule.resources ?? [];
    const resourceOk = resources.includes("*") || resources.includes(combined) || (!!r.subresource && resources.includes(`*/${r.subresource}`));
    if (!resourceOk) return false;
    return !rule.resourceNames?.length || (!!r.name && rule.resourceNames.includes(r.name));
  });
}

export interface NodeAuthorizerOptions {
  graph: NodeGraph;
  /** The system:node ClusterRole's rules. */
  nodeRules: PolicyRule[];
  /** Resolves once the graph holds the current objects; nodes' requests wait for it. */
  ready?: Promise<void>;
}

export function createNodeAuthorizer(opts: NodeAuthorizerOptions): Authorizer {
  const { graph, nodeRules } = opts;
  const related = (nodeName: string, type: VertexType, r: Resource): AuthorizationDecision => {
    if (!r.name) return noOpinion("No Object name found");
    if (graph.hasPath({ type, namespace: r.namespace, name: r.name }, nodeName)) return allow;
    return noOpinion(`no relationship found between node '${nodeName}' and this object`);
  };
  const readNamespaced = (nodeName: string, type: VertexType, a: AuthorizationAttributes, r: Resource): AuthorizationDecision => {
    if (!["get", "list", "watch"].includes(a.verb)) return noOpinion("can only read resources of this type");
    if (r.subresource) return noOpinion("cannot read subresource");
    if (!r.namespace) return noOpinion("can only read namespaced object of this type");
    return related(nodeName, type, r);
  };
  const get = (nodeName: string, type: VertexType, a: AuthorizationAttributes, r: Resource): AuthorizationDecision => {
    if (a.verb !== "get") return noOpinion("can only get individual resources of this type");
    if (r.subresource) return noOpinion("cannot get subresource");
    return related(nodeName, type, r);
  };
  const statusUpdate = (nodeName: string, type: VertexType, a: AuthorizationAttributes, r: Resource): AuthorizationDecision => {
    if (a.verb !== "update" && a.verb !== "patch") return noOpinion("can only get/update/patch this type");
    return related(nodeName, type, r);
  };
  const createToken = (nodeName: string, a: AuthorizationAttributes, r: Resource): AuthorizationDecision => {
    if (a.verb !== "create" || !r.name) return noOpinion("can only create tokens for individual service accounts");
    if (r.subresource !== "token") return noOpinion("can only create token subresource of serviceaccount");
    return related(nodeName, "serviceaccount", r);
  };
  // Leases and CSINodes: only the node's own (on create the name is checked by NodeRestriction).
  const ownObject = (nodeName: string, a: AuthorizationAttributes, r: Resource, what: string): AuthorizationDecision => {
    if (!["get", "create", "update", "patch", "delete"].includes(a.verb)) return noOpinion(`can only get, create, update, patch, or delete a ${what}`);
    if (what === "node lease" && r.namespace !== NODE_LEASE_NAMESPACE) return noOpinion(`can only access leases in the "${NODE_LEASE_NAMESPACE}" system namespace`);
    if (what === "CSINode" && r.subresource) return noOpinion("cannot authorize CSINode subresources");
    if (a.verb !== "create" && r.name !== nodeName) return noOpinion(`can only access ${what} with the same name as the requesting node`);
    return allow;
  };

  const subdivided: Record<string, (nodeName: string, a: AuthorizationAttributes, r: Resource) => AuthorizationDecision> = {
    "/secrets": (n, a, r) => readNamespaced(n, "secret", a, r),
    "/configmaps": (n, a, r) => readNamespaced(n, "configmap", a, r),
    "/persistentvolumeclaims": (n, a, r) => (r.subresource === "status" ? statusUpdate(n, "pvc", a, r) : get(n, "pvc", a, r)),
    "/persistentvolumes": (n, a, r) => get(n, "pv", a, r),
    "resource.k8s.io/resourceclaims": (n, a, r) => get(n, "resourceclaim", a, r),
    "storage.k8s.io/volumeattachments": (n, a, r) => get(n, "volumeattachment", a, r),
    "/serviceaccounts": (n, a, r) => createToken(n, a, r),
    "coordination.k8s.io/leases": (n, a, r) => ownObject(n, a, r, "node lease"),
    "storage.k8s.io/csinodes": (n, a, r) => ownObject(n, a, r, "CSINode"),
  };

  return {
    async authorize(a) {
      const node = nodeIdentity(a.user);
      if (!node) return noOpinion();
      if (!node.nodeName) return noOpinion(`unknown node for user "${a.user.username}"`);
      await opts.ready;
      const r = a.resource;
      const check = r && subdivided[`${r.group}/${r.resource}`];
      if (r && check) return check(node.nodeName, a, r);
      return rulesAllow(a, nodeRules) ? allow : noOpinion();
    },
    async rulesFor(user): Promise<SubjectRules> {
      // As upstream: a node's permissions are not enumerable.
      const incomplete = nodeIdentity(user) !== undefined;
      return { resourceRules: [], nonResourceRules: [], incomplete, evaluationError: incomplete ? "node authorizer does not support user rule resolution" : undefined };
    },
  };
}
