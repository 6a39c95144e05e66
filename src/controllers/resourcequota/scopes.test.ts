import { test } from "node:test";
import assert from "node:assert/strict";
import type { Pod, ResourceQuotaSpec } from "kubernetes-types/core/v1.js";
import { podMatchesScopes } from "./scopes.js";

const pod = (spec: Partial<NonNullable<Pod["spec"]>> = {}): Pod => ({ metadata: { name: "p" }, spec: { containers: [{ name: "c" }], ...spec } });
const withRequests = (requests: Record<string, string>) => pod({ containers: [{ name: "c", resources: { requests } }] });
const priority = (operator: string, values?: string[]): ResourceQuotaSpec => ({ scopeSelector: { matchExpressions: [{ scopeName: "PriorityClass", operator, values }] } });

const cases: { name: string; pod: Pod; spec: ResourceQuotaSpec; matches: boolean }[] = [
  { name: "an unscoped quota takes every pod", pod: pod(), spec: {}, matches: true },
  { name: "a pod with an active deadline is Terminating", pod: pod({ activeDeadlineSeconds: 3600 }), spec: { scopes: ["Terminating"] }, matches: true },
  { name: "a pod without an active deadline is not Terminating", pod: pod(), spec: { scopes: ["Terminating"] }, matches: false },
  { name: "a pod without requests is BestEffort", pod: pod(), spec: { scopes: ["BestEffort"] }, matches: true },
  { name: "a pod requesting cpu is NotBestEffort", pod: withRequests({ cpu: "100m" }), spec: { scopes: ["NotBestEffort"] }, matches: true },
  { name: "an extended resource alone leaves a pod BestEffort, as its QoS class", pod: withRequests({ "example.com/dongle": "1" }), spec: { scopes: ["BestEffort"] }, matches: true },
  { name: "every scope must match", pod: pod(), spec: { scopes: ["BestEffort", "Terminating"] }, matches: false },
  { name: "PriorityClass In takes a pod of a listed class", pod: pod({ priorityClassName: "gold" }), spec: priority("In", ["gold", "silver"]), matches: true },
  { name: "PriorityClass In leaves a pod of another class", pod: pod({ priorityClassName: "bronze" }), spec: priority("In", ["gold"]), matches: false },
  { name: "PriorityClass NotIn takes a pod without a class", pod: pod(), spec: priority("NotIn", ["gold"]), matches: true },
  { name: "PriorityClass Exists needs a class name", pod: pod(), spec: priority("Exists"), matches: false },
  { name: "PriorityClass Exists takes any named class", pod: pod({ priorityClassName: "x" }), spec: priority("Exists"), matches: true },
  { name: "PriorityClass DoesNotExist matches no pod: the key is always there", pod: pod(), spec: priority("DoesNotExist"), matches: false },
  {
    name: "an affinity term naming namespaces is CrossNamespacePodAffinity",
    pod: pod({ affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: "zone", namespaces: ["other"] }] } } }),
    spec: { scopeSelector: { matchExpressions: [{ scopeName: "CrossNamespacePodAffinity", operator: "Exists" }] } },
    matches: true,
  },
  { name: "a pod without affinity is not CrossNamespacePodAffinity", pod: pod(), spec: { scopeSelector: { matchExpressions: [{ scopeName: "CrossNamespacePodAffinity", operator: "Exists" }] } }, matches: false },
];

for (const c of cases) test(c.name, () => assert.equal(podMatchesScopes(c.pod, c.spec), c.matches));
