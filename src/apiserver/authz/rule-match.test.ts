import assert from "node:assert/strict";
import { test } from "node:test";
import type { PolicyRule } from "kubernetes-types/rbac/v1.js";
import type { AuthorizationAttributes } from "../../api/types.js";
import { ruleAllows } from "./rule-match.js";

const user = { username: "u", groups: [] };
const res = (verb: string, resource: string, extra: { group?: string; subresource?: string; name?: string; namespace?: string } = {}): AuthorizationAttributes => ({
  user,
  verb,
  resource: { group: extra.group ?? "", resource, subresource: extra.subresource, name: extra.name, namespace: extra.namespace },
});
const path = (verb: string, p: string): AuthorizationAttributes => ({ user, verb, path: p });

const cases: { name: string; rule: PolicyRule; attrs: AuthorizationAttributes; want: boolean }[] = [
  { name: "an exact verb, group and resource", rule: { verbs: ["get"], apiGroups: [""], resources: ["pods"] }, attrs: res("get", "pods"), want: true },
  { name: "another verb", rule: { verbs: ["get"], apiGroups: [""], resources: ["pods"] }, attrs: res("delete", "pods"), want: false },
  { name: "the * verb", rule: { verbs: ["*"], apiGroups: [""], resources: ["pods"] }, attrs: res("deletecollection", "pods"), want: true },
  { name: "another group", rule: { verbs: ["get"], apiGroups: [""], resources: ["deployments"] }, attrs: res("get", "deployments", { group: "apps" }), want: false },
  { name: "the * group", rule: { verbs: ["get"], apiGroups: ["*"], resources: ["deployments"] }, attrs: res("get", "deployments", { group: "apps" }), want: true },
  { name: "a resource rule does not grant its subresources", rule: { verbs: ["get"], apiGroups: [""], resources: ["pods"] }, attrs: res("get", "pods", { subresource: "log" }), want: false },
  { name: "pods/log grants the log subresource", rule: { verbs: ["get"], apiGroups: [""], resources: ["pods/log"] }, attrs: res("get", "pods", { subresource: "log" }), want: true },
  { name: "*/scale grants any resource's scale", rule: { verbs: ["update"], apiGroups: ["apps"], resources: ["*/scale"] }, attrs: res("update", "deployments", { group: "apps", subresource: "scale" }), want: true },
  { name: "*/scale does not grant status", rule: { verbs: ["update"], apiGroups: ["apps"], resources: ["*/scale"] }, attrs: res("update", "deployments", { group: "apps", subresource: "status" }), want: false },
  { name: "* grants subresources too", rule: { verbs: ["create"], apiGroups: [""], resources: ["*"] }, attrs: res("create", "pods", { subresource: "exec" }), want: true },
  { name: "a named resource", rule: { verbs: ["get"], apiGroups: [""], resources: ["configmaps"], resourceNames: ["a"] }, attrs: res("get", "configmaps", { name: "a" }), want: true },
  { name: "a resource of another name", rule: { verbs: ["get"], apiGroups: [""], resources: ["configmaps"], resourceNames: ["a"] }, attrs: res("get", "configmaps", { name: "b" }), want: false },
  { name: "resource names do not grant a list", rule: { verbs: ["list"], apiGroups: [""], resources: ["configmaps"], resourceNames: ["a"] }, attrs: res("list", "configmaps"), want: false },
  { name: "a resource rule grants no path", rule: { verbs: ["get"], apiGroups: ["*"], resources: ["*"] }, attrs: path("get", "/healthz"), want: false },
  { name: "an exact path", rule: { verbs: ["get"], nonResourceURLs: ["/healthz"] }, attrs: path("get", "/healthz"), want: true },
  { name: "a path under a trailing *", rule: { verbs: ["get"], nonResourceURLs: ["/apis/*"] }, attrs: path("get", "/apis/apps/v1"), want: true },
  { name: "a trailing * needs its prefix", rule: { verbs: ["get"], nonResourceURLs: ["/apis/*"] }, attrs: path("get", "/apis"), want: false },
  { name: "a path with another verb", rule: { verbs: ["get"], nonResourceURLs: ["*"] }, attrs: path("post", "/healthz"), want: false },
  { name: "a URL rule grants no resource", rule: { verbs: ["*"], nonResourceURLs: ["*"] }, attrs: res("get", "pods"), want: false },
];

for (const c of cases) {
  test(`RBAC rule matching: ${c.name}`, () => assert.equal(ruleAllows(c.attrs, c.rule), c.want));
}
