/**
 * API Priority and Fairness' bootstrap configuration (upstream's
 * apiserver/pkg/apis/flowcontrol/bootstrap): the mandatory objects
 * (exempt, catch-all) and the suggested ones, created at start as the APF
 * config controller's ensurer does, marked for automatic updates.
 */
import type { FlowSchemaSpec, PolicyRulesWithSubjects, PriorityLevelConfigurationSpec, Subject } from "kubernetes-types/flowcontrol/v1.js";
import type { KubeObject } from "../types.js";

const API_VERSION = "flowcontrol.apiserver.k8s.io/v1";
const AUTO_UPDATE = { "apf.kubernetes.io/autoupdate-spec": "true" };

const groups = (...names: string[]): Subject[] => names.map((name) => ({ kind: "Group", group: { name } }));
const users = (...names: string[]): Subject[] => names.map((name) => ({ kind: "User", user: { name } }));
const kubeSystemSAs = (...names: string[]): Subject[] => names.map((name) => ({ kind: "ServiceAccount", serviceAccount: { namespace: "kube-system", name } }));

/** Everything: every resource in every namespace and cluster scope, every non-resource URL. */
const everything = (subjects: Subject[]): PolicyRulesWithSubjects => ({
  subjects,
  resourceRules: [{ verbs: ["*"], apiGroups: ["*"], resources: ["*"], clusterScope: true, namespaces: ["*"] }],
  nonResourceRules: [{ verbs: ["*"], nonResourceURLs: ["*"] }],
});

function flowSchema(name: string, pl: string, matchingPrecedence: number, distinguisher: "ByUser" | "ByNamespace" | undefined, ...rules: PolicyRulesWithSubjects[]): KubeObject {
  const spec: FlowSchemaSpec = { priorityLevelConfiguration: { name: pl }, matchingPrecedence, rules };
  if (distinguisher) spec.distinguisherMethod = { type: distinguisher };
  return { apiVersion: API_VERSION, kind: "FlowSchema", metadata: { name, annotations: { ...AUTO_UPDATE } }, spec };
}

function priorityLevel(name: string, spec: PriorityLevelConfigurationSpec): KubeObject {
  return { apiVersion: API_VERSION, kind: "PriorityLevelConfiguration", metadata: { name, annotations: { ...AUTO_UPDATE } }, spec };
}

const queued = (shares: number, lendablePercent: number, queues: number, handSize: number, queueLengthLimit: number): PriorityLevelConfigurationSpec => ({
  type: "Limited",
  limited: { nominalConcurrencyShares: shares, lendablePercent, limitResponse: { type: "Queue", queuing: { queues, handSize, queueLengthLimit } } },
});

const ALL_USERS = ["system:unauthenticated", "system:authenticated"];

export function mandatoryPriorityLevels(): KubeObject[] {
  return [
    priorityLevel("exempt", { type: "Exempt", exempt: { nominalConcurrencyShares: 0, lendablePercent: 0 } }),
    priorityLevel("catch-all", { type: "Limited", limited: { nominalConcurrencyShares: 5, lendablePercent: 0, limitResponse: { type: "Reject" } } }),
  ];
}

export function mandatoryFlowSchemas(): KubeObject[] {
  return [
    flowSchema("exempt", "exempt", 1, undefined, everything(groups("system:masters"))),
    flowSchema("catch-all", "catch-all", 10000, "ByUser", everything(groups(...ALL_USERS))),
  ];
}

export function suggestedPriorityLevels(): KubeObject[] {
  return [
    priorityLevel("system", queued(30, 33, 64, 6, 50)),
    priorityLevel("node-high", queued(40, 25, 64, 6, 50)),
    priorityLevel("leader-election", queued(10, 0, 16, 4, 50)),
    priorityLevel("workload-high", queued(40, 50, 128, 6, 50)),
    priorityLevel("workload-low", queued(100, 90, 128, 6, 50)),
    priorityLevel("global-default", queued(20, 50, 128, 6, 50)),
  ];
}

export function suggestedFlowSchemas(): KubeObject[] {
  const rule = (verbs: string[], apiGroups: string[], resources: string[], namespaces: string[], clusterScope: boolean) => ({ verbs, apiGroups, resources, namespaces, clusterScope });
  const leaderElectionRules = (ns: string[]) => [rule(["get", "create", "update"], [""], ["endpoints", "configmaps"], ns, false), rule(["get", "create", "update"], ["coordination.k8s.io"], ["leases"], ["*"], false)];
  return [
    flowSchema("system-nodes", "system", 500, "ByUser", everything(groups("system:nodes"))),
    flowSchema("system-node-high", "node-high", 400, "ByUser", {
      subjects: groups("system:nodes"),
      resourceRules: [rule(["*"], [""], ["nodes", "nodes/status"], ["*"], true), rule(["*"], ["coordination.k8s.io"], ["leases"], ["*"], false)],
    }),
    flowSchema("probes", "exempt", 2, undefined, { subjects: groups(...ALL_USERS), nonResourceRules: [{ verbs: ["get"], nonResourceURLs: ["/healthz", "/readyz", "/livez"] }] }),
    flowSchema("system-leader-election", "leader-election", 100, "ByUser", {
      subjects: [...users("system:kube-controller-manager", "system:kube-scheduler"), ...kubeSystemSAs("*")],
      resourceRules: leaderElectionRules(["kube-system"]),
    }),
    flowSchema("endpoint-controller", "workload-high", 150, "ByUser", {
      subjects: [...users("system:kube-controller-manager"), ...kubeSystemSAs("endpoint-controller", "endpointslicemirroring-controller")],
      resourceRules: [rule(["get", "create", "update"], [""], ["endpoints"], ["*"], false)],
    }),
    flowSchema("workload-leader-election", "leader-election", 200, "ByUser", { subjects: kubeSystemSAs("*"), resourceRules: leaderElectionRules(["*"]) }),
    flowSchema("kube-controller-manager", "workload-high", 800, "ByNamespace", everything(users("system:kube-controller-manager"))),
    flowSchema("kube-scheduler", "workload-high", 800, "ByNamespace", everything(users("system:kube-scheduler"))),
    flowSchema("kube-system-service-accounts", "workload-high", 900, "ByNamespace", everything(kubeSystemSAs("*"))),
    flowSchema("service-accounts", "workload-low", 9000, "ByUser", everything(groups("system:serviceaccounts"))),
    flowSchema("global-default", "global-default", 9900, "ByUser", everything(groups(...ALL_USERS))),
  ];
}

/** Priority levels first, so no schema is ever created dangling. */
export function apfBootstrapConfiguration(): KubeObject[] {
  return [...mandatoryPriorityLevels(), ...suggestedPriorityLevels(), ...mandatoryFlowSchemas(), ...suggestedFlowSchemas()];
}
