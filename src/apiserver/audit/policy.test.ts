import { test } from "node:test";
import assert from "node:assert/strict";
import { AuditPolicyError, createPolicyEvaluator, parsePolicy, type PolicyAttributes } from "./policy.js";

const POLICY = `apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: [RequestReceived]
rules:
- level: None
  users: ["system:kube-proxy"]
  verbs: ["watch"]
- level: None
  nonResourceURLs: ["/healthz*", "/version"]
- level: Metadata
  resources:
  - group: ""
    resources: ["secrets", "configmaps"]
- level: Request
  resources:
  - group: ""
    resources: ["pods/log", "pods/status"]
- level: RequestResponse
  resources:
  - group: "apps"
    resources: ["deployments"]
    resourceNames: ["web"]
- level: Request
  resources:
  - group: ""
    resources: ["*/scale"]
- level: RequestResponse
  resources:
  - group: "batch"
    resources: ["jobs/*"]
- level: Metadata
  namespaces: ["kube-system"]
  omitStages: [ResponseStarted]
  omitManagedFields: true
- level: Request
  userGroups: ["system:serviceaccounts"]
- level: Metadata
  nonResourceURLs: ["*"]
`;

const admin = { username: "admin", groups: ["system:masters", "system:authenticated"] };

function resource(over: Partial<PolicyAttributes>): PolicyAttributes {
  return { user: admin, verb: "get", isResourceRequest: true, path: "", apiGroup: "", namespace: "default", resource: "pods", subresource: "", name: "p", ...over };
}
function nonResource(path: string, verb = "get"): PolicyAttributes {
  return { user: admin, verb, isResourceRequest: false, path, apiGroup: "", namespace: "", resource: "", subresource: "", name: "" };
}

test("The first matching rule sets the level, as upstream's policy checker", () => {
  const p = createPolicyEvaluator(parsePolicy(POLICY));
  const cases: [string, PolicyAttributes, string][] = [
    ["a user and verb rule", resource({ user: { username: "system:kube-proxy", groups: [] }, verb: "watch", resource: "endpoints" }), "None"],
    ["the same user with another verb falls through", resource({ user: { username: "system:kube-proxy", groups: [] }, verb: "list", resource: "endpoints" }), "None"],
    ["a trailing * on a non-resource URL is a prefix", nonResource("/healthz/etcd"), "None"],
    ["an exact non-resource URL", nonResource("/version"), "None"],
    ["another non-resource URL meets the catch-all", nonResource("/apis"), "Metadata"],
    ["a core resource", resource({ resource: "secrets" }), "Metadata"],
    ["a subresource must be named with its resource", resource({ resource: "pods", subresource: "log" }), "Request"],
    ["a resource name restricts the rule", resource({ apiGroup: "apps", resource: "deployments", name: "web" }), "RequestResponse"],
    ["another name does not match it", resource({ apiGroup: "apps", resource: "deployments", name: "api", namespace: "kube-system" }), "Metadata"],
    ["*/scale matches any resource's scale in its group", resource({ resource: "replicationcontrollers", subresource: "scale" }), "Request"],
    ["but not another group's", resource({ apiGroup: "apps", resource: "replicasets", subresource: "scale", namespace: "x" }), "None"],
    ["jobs/* matches the jobs resource itself", resource({ apiGroup: "batch", resource: "jobs" }), "RequestResponse"],
    ["a group must match: core secrets rule does not take apps", resource({ apiGroup: "apps", resource: "secrets", namespace: "x" }), "None"],
    ["groups of the user", resource({ user: { username: "system:serviceaccount:a:b", groups: ["system:serviceaccounts"] }, resource: "services", namespace: "x" }), "Request"],
    ["a resource rule never matches a non-resource request", nonResource("/api/v1"), "Metadata"],
    ["nothing matches: None", resource({ resource: "services", namespace: "x" }), "None"],
  ];
  for (const [name, attrs, level] of cases) assert.equal(p.evaluate(attrs).level, level, name);
});

test("Stages omitted by the policy and by the rule add up; omitManagedFields follows the rule", () => {
  const p = createPolicyEvaluator(parsePolicy(POLICY));
  const sys = p.evaluate(resource({ resource: "services", namespace: "kube-system" }));
  assert.deepEqual([...sys.omitStages].sort(), ["RequestReceived", "ResponseStarted"]);
  assert.equal(sys.omitManagedFields, true);
  const sec = p.evaluate(resource({ resource: "secrets" }));
  assert.deepEqual([...sec.omitStages], ["RequestReceived"]);
  assert.equal(sec.omitManagedFields, false);
  const none = p.evaluate(resource({ resource: "services", namespace: "x" }));
  assert.deepEqual([...none.omitStages], ["RequestReceived"]);
});

test("Bad policies fail with upstream's messages", () => {
  const cases: [string, string, string | RegExp][] = [
    ["no rules", "apiVersion: audit.k8s.io/v1\nkind: Policy\n", "loaded illegal policy with 0 rules"],
    ["another kind", "apiVersion: v1\nkind: ConfigMap\n", 'failed decoding: no kind "ConfigMap" is registered for version "v1" in scheme "audit"'],
    ["a level that does not exist", "apiVersion: audit.k8s.io/v1\nkind: Policy\nrules: [{level: Everything}]\n", 'rules[0].level: Unsupported value: "Everything": supported values: "None", "Metadata", "Request", "RequestResponse"'],
    ["no level", "apiVersion: audit.k8s.io/v1\nkind: Policy\nrules: [{verbs: [get]}]\n", "rules[0].level: Required value"],
    ["a stage that does not exist", "apiVersion: audit.k8s.io/v1\nkind: Policy\nomitStages: [Later]\nrules: [{level: None}]\n", 'omitStages[0]: Invalid value: "Later": allowed stages are RequestReceived,ResponseStarted,ResponseComplete,Panic'],
    ["a URL without a slash", "apiVersion: audit.k8s.io/v1\nkind: Policy\nrules: [{level: None, nonResourceURLs: [healthz]}]\n", `rules[0].nonResourceURLs[0]: Invalid value: "healthz": non-resource URL rules must begin with a '/' character`],
    ["a wildcard inside a URL", "apiVersion: audit.k8s.io/v1\nkind: Policy\nrules: [{level: None, nonResourceURLs: ['/a*/b']}]\n", `rules[0].nonResourceURLs[0]: Invalid value: "/a*/b": non-resource URL wildcards '*' must be the final character of the rule`],
    ["resources and URLs together", "apiVersion: audit.k8s.io/v1\nkind: Policy\nrules: [{level: None, nonResourceURLs: ['/x'], namespaces: [a]}]\n", /rules\[0\]\.nonResourceURLs: Invalid value: .*rules cannot apply to both regular resources and non-resource URLs/],
    ["resourceNames without resources", "apiVersion: audit.k8s.io/v1\nkind: Policy\nrules: [{level: None, resources: [{group: apps, resourceNames: [web]}]}]\n", /rules\[0\]\.resources\.resourceNames: Invalid value: .*using resourceNames requires at least one resource/],
    ["a group with a version", "apiVersion: audit.k8s.io/v1\nkind: Policy\nrules: [{level: None, resources: [{group: apps/v1}]}]\n", /rules\[0\]\.resources\.group: Invalid value: "apps\/v1": a lowercase RFC 1123 subdomain/],
    ["not YAML at all", "rules: [", /^failed decoding: /],
    ["a list where a string list belongs", "apiVersion: audit.k8s.io/v1\nkind: Policy\nrules: [{level: None, verbs: get}]\n", /^failed decoding: rules\[0\]\.verbs: expected a list of strings/],
  ];
  for (const [name, text, want] of cases) {
    let msg = "";
    try {
      parsePolicy(text);
      assert.fail(`${name}: accepted`);
    } catch (err) {
      assert.ok(err instanceof AuditPolicyError, `${name}: ${String(err)}`);
      msg = err.message;
    }
    if (typeof want === "string") assert.equal(msg, want, name);
    else assert.match(msg, want, name);
  }
});
