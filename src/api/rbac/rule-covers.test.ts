import assert from "node:assert/strict";
import { test } from "node:test";
import type { PolicyRule } from "kubernetes-types/rbac/v1.js";
import { compactRules, compactString, covers } from "./rule-covers.js";

const cases: { name: string; owner: PolicyRule[]; servant: PolicyRule[]; missing: string[] }[] = [
  { name: "the same rule", owner: [{ verbs: ["get", "list"], apiGroups: [""], resources: ["pods"] }], servant: [{ verbs: ["get"], apiGroups: [""], resources: ["pods"] }], missing: [] },
  { name: "a verb not held", owner: [{ verbs: ["get", "list"], apiGroups: [""], resources: ["pods"] }], servant: [{ verbs: ["get", "delete"], apiGroups: [""], resources: ["pods"] }], missing: ['{APIGroups:[""], Resources:["pods"], Verbs:["delete"]}'] },
  { name: "stars cover everything", owner: [{ verbs: ["*"], apiGroups: ["*"], resources: ["*"] }], servant: [{ verbs: ["escalate"], apiGroups: ["rbac.authorization.k8s.io"], resources: ["clusterroles"] }], missing: [] },
  { name: "*/scale covers deployments/scale", owner: [{ verbs: ["update"], apiGroups: ["apps"], resources: ["*/scale"] }], servant: [{ verbs: ["update"], apiGroups: ["apps"], resources: ["deployments/scale"] }], missing: [] },
  { name: "a named grant does not cover an unnamed one", owner: [{ verbs: ["get"], apiGroups: [""], resources: ["secrets"], resourceNames: ["a"] }], servant: [{ verbs: ["get"], apiGroups: [""], resources: ["secrets"] }], missing: ['{APIGroups:[""], Resources:["secrets"], Verbs:["get"]}'] },
  { name: "an unnamed grant covers a named one", owner: [{ verbs: ["get"], apiGroups: [""], resources: ["secrets"] }], servant: [{ verbs: ["get"], apiGroups: [""], resources: ["secrets"], resourceNames: ["a", "b"] }], missing: [] },
  { name: "URLs by prefix", owner: [{ verbs: ["get"], nonResourceURLs: ["/apis/*"] }], servant: [{ verbs: ["get"], nonResourceURLs: ["/apis/apps", "/metrics"] }], missing: ['{NonResourceURLs:["/metrics"], Verbs:["get"]}'] },
  { name: "missing verbs of one resource are compacted", owner: [], servant: [{ verbs: ["get", "list", "delete"], apiGroups: [""], resources: ["pods", "configmaps"] }], missing: ['{APIGroups:[""], Resources:["configmaps"], Verbs:["get" "list" "delete"]}', '{APIGroups:[""], Resources:["pods"], Verbs:["get" "list" "delete"]}'] },
];
for (const c of cases) {
  test(`RBAC covers: ${c.name}`, () => {
    const { covered, missing } = covers(c.owner, c.servant);
    assert.equal(covered, c.missing.length === 0);
    assert.deepEqual([...new Set(compactRules(missing).map(compactString))].sort(), c.missing);
  });
}
