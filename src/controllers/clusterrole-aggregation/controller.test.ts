import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { PolicyRule } from "kubernetes-types/rbac/v1.js";
import type { KubeObject } from "../../api/types.js";
import { CLUSTERROLES } from "../../client/resources.js";
import { startControllerTestEnv, type ControllerTestEnv } from "../shared/controller-test-env.js";
import { createClusterRoleAggregationController } from "./index.js";

type Role = KubeObject & { rules?: PolicyRule[] };
const G = "rbac.authorization.k8s.io";
const CRONTAB_VIEW: PolicyRule = { apiGroups: ["stable.example.com"], resources: ["crontabs"], verbs: ["get", "list", "watch"] };

describe("clusterrole-aggregation controller", () => {
  let env: ControllerTestEnv;
  const rulesOf = async (name: string) => (await env.client.get<Role>(CLUSTERROLES, undefined, name)).rules ?? [];
  const norm = (r: PolicyRule) => JSON.stringify([r.apiGroups, r.resources, r.resourceNames, r.verbs, r.nonResourceURLs]);
  const holds = (rules: PolicyRule[], r: PolicyRule) => rules.some((x) => norm(x) === norm(r));

  before(async () => {
    env = await startControllerTestEnv();
    env.run(createClusterRoleAggregationController(env.ctx));
  });
  after(() => env.stop());

  it("fills admin, edit and view from the default aggregate-to-* roles", async () => {
    const view = await env.until("view aggregated", async () => ((await rulesOf("view")).length > 0 ? rulesOf("view") : undefined));
    assert.ok(holds(view, { apiGroups: [""], resources: ["namespaces"], verbs: ["get", "list", "watch"] }));
    // edit selects view's sources through view's aggregate-to-edit label chain: its own and view's.
    const edit = await env.until("edit aggregated", async () => ((await rulesOf("edit")).length > 0 ? rulesOf("edit") : undefined));
    assert.ok(holds(edit, { apiGroups: ["coordination.k8s.io"], resources: ["leases"], verbs: ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"] }));
  });

  it("adds a role labelled aggregate-to-view to view, and drops it when the role goes", async () => {
    await env.client.create(CLUSTERROLES, undefined, { apiVersion: `${G}/v1`, kind: "ClusterRole", metadata: { name: "crontab-view", labels: { "rbac.authorization.k8s.io/aggregate-to-view": "true" } }, rules: [CRONTAB_VIEW] });
    await env.until("view has crontabs", async () => holds(await rulesOf("view"), CRONTAB_VIEW));
    await env.client.delete(CLUSTERROLES, undefined, "crontab-view");
    await env.until("view lost crontabs", async () => !holds(await rulesOf("view"), CRONTAB_VIEW));
  });

  it("keeps each rule once when several selected roles grant it", async () => {
    await env.client.create(CLUSTERROLES, undefined, { apiVersion: `${G}/v1`, kind: "ClusterRole", metadata: { name: "agg" }, aggregationRule: { clusterRoleSelectors: [{ matchLabels: { team: "a" } }] }, rules: [] });
    for (const name of ["a-1", "a-2"]) {
      await env.client.create(CLUSTERROLES, undefined, { apiVersion: `${G}/v1`, kind: "ClusterRole", metadata: { name, labels: { team: "a" } }, rules: [CRONTAB_VIEW] });
    }
    const rules = await env.until("agg aggregated", async () => ((await rulesOf("agg")).length > 0 ? rulesOf("agg") : undefined));
    assert.deepEqual(rules.map(norm), [norm(CRONTAB_VIEW)]);
  });
});
