import { test } from "node:test";
import assert from "node:assert/strict";
import { builtinResources } from "../../api/index.js";
import { createKeyResolver } from "./resource-keys.js";

test("Storage keys resolve to the group and resource the configuration names", () => {
  const resolve = createKeyResolver(builtinResources);
  const cases: [string, { group: string; resource: string } | undefined][] = [
    ["/registry/secrets/default/db", { group: "", resource: "secrets" }],
    ["/registry/namespaces/default", { group: "", resource: "namespaces" }],
    ["/registry/services/specs/default/web", { group: "", resource: "services" }],
    ["/registry/minions/node-1", { group: "", resource: "nodes" }],
    ["/registry/controllers/default/rc", { group: "", resource: "replicationcontrollers" }],
    ["/registry/apps/deployments/default/web", { group: "apps", resource: "deployments" }],
    ["/registry/rbac.authorization.k8s.io/roles/default/r", { group: "rbac.authorization.k8s.io", resource: "roles" }],
    ["/registry/stable.example.com/crontabs/default/c", { group: "stable.example.com", resource: "crontabs" }],
    ["/registry/events/default/e", { group: "", resource: "events" }],
    ["/registry/ranges/serviceips", undefined],
    ["/other/secrets/a", undefined],
  ];
  for (const [key, want] of cases) assert.deepEqual(resolve(key), want, key);
});
