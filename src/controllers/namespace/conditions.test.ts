import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { updateConditions, type DeletionOutcome } from "./conditions.js";

const NOW = Date.UTC(2026, 0, 1);
const empty = (): DeletionOutcome => ({ groupVersionErrors: [], deleteErrors: [], remaining: new Map(), finalizers: new Map() });

describe("namespace deletion conditions", () => {
  it("sets all five conditions False with their ok reasons after a clean pass", () => {
    const { conditions } = updateConditions(undefined, empty(), NOW);
    assert.deepEqual(conditions.map((c) => [c.type, c.status, c.reason]), [
      ["NamespaceDeletionDiscoveryFailure", "False", "ResourcesDiscovered"],
      ["NamespaceDeletionGroupVersionParsingFailure", "False", "ParsedGroupVersions"],
      ["NamespaceDeletionContentFailure", "False", "ContentDeleted"],
      ["NamespaceContentRemaining", "False", "ContentRemoved"],
      ["NamespaceFinalizersRemaining", "False", "ContentHasNoFinalizers"],
    ]);
  });

  it("reports remaining content and finalizers as upstream words them", () => {
    const o = empty();
    o.remaining.set("pods.", 2);
    o.remaining.set("widgets.example.com", 1);
    o.finalizers.set("example.com/keep", 1);
    const { conditions } = updateConditions(undefined, o, NOW);
    assert.equal(conditions[3].message, "Some resources are remaining: pods. has 2 resource instances, widgets.example.com has 1 resource instances");
    assert.equal(conditions[4].message, "Some content in the namespace has finalizers remaining: example.com/keep in 1 resource instances");
  });

  it("changes nothing, transition times included, when a pass finds the same", () => {
    const first = updateConditions(undefined, empty(), NOW);
    const again = updateConditions(first.conditions, empty(), NOW + 60_000);
    assert.equal(again.changed, false);
    assert.deepEqual(again.conditions, first.conditions);
  });
});
