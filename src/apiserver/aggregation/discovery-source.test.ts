import { test } from "node:test";
import assert from "node:assert/strict";
import { builtinResources } from "../../api/index.js";
import { Discovery } from "../discovery/discovery.js";
import type { DiscoveryGroupSource } from "./remote-discovery.js";

const wardle = { name: "wardle.example.com", versions: [{ groupVersion: "wardle.example.com/v1alpha1", version: "v1alpha1" }], preferredVersion: { groupVersion: "wardle.example.com/v1alpha1", version: "v1alpha1" } };
const source = (groups: Record<string, unknown>[], items: Record<string, unknown>[]): DiscoveryGroupSource => ({ apiGroups: () => groups, aggregatedGroups: () => items });

test("Remote groups follow the server's own in /apis and in the aggregated document, and go when the source drops them.", () => {
  let groups: Record<string, unknown>[] = [wardle];
  let items: Record<string, unknown>[] = [{ metadata: { name: "wardle.example.com", creationTimestamp: null }, versions: [{ version: "v1alpha1", freshness: "Stale" }] }];
  const d = new Discovery(builtinResources, () => "127.0.0.1:6443", { apiGroups: () => groups, aggregatedGroups: () => items });
  const list = JSON.parse(d.apiGroupList()) as { groups: { name: string }[] };
  assert.equal(list.groups[0].name, "apiregistration.k8s.io");
  assert.deepEqual(list.groups.at(-1), wardle);
  const agg = JSON.parse(d.aggregated(false)) as { items: { metadata: { name: string }; versions: unknown[] }[] };
  assert.deepEqual(agg.items.at(-1), items[0]);
  assert.ok(!(JSON.parse(d.aggregated(true)) as { items: { metadata: { name: string } }[] }).items.some((i) => i.metadata.name === "wardle.example.com"));
  groups = [];
  items = [];
  assert.ok(!(JSON.parse(d.apiGroupList()) as { groups: { name: string }[] }).groups.some((g) => g.name === "wardle.example.com"));
});

test("A remote group named like one of the server's own is not listed twice.", () => {
  const d = new Discovery(builtinResources, () => "127.0.0.1:6443", source([{ name: "apps", versions: [], preferredVersion: {} }], []));
  const names = (JSON.parse(d.apiGroupList()) as { groups: { name: string }[] }).groups.map((g) => g.name);
  assert.equal(names.filter((n) => n === "apps").length, 1);
});
