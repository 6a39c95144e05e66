import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { inTreeRegistry } from "../plugins/registry.js";
import { cacheOf, testFramework } from "../testing/builders.js";
import { defaultPlugins } from "./profile.js";
import { Registry } from "./registry.js";

describe("Registry", () => {
  it("refuses a second plugin with the same name", () => {
    const r = new Registry({ A: () => ({ name: "A" }) });
    assert.throws(() => r.register("A", () => ({ name: "A" })), /already exists/);
  });

  it("refuses to merge in a plugin the in-tree registry already has", () => {
    const extra = new Registry({ NodeName: () => ({ name: "NodeName" }) });
    assert.throws(() => inTreeRegistry().merge(extra), /NodeName already exists/);
  });
});

describe("profiles", () => {
  it("fail at construction when they name an unregistered plugin", () => {
    assert.throws(() => testFramework(cacheOf([]), { profile: { schedulerName: "x", plugins: [...defaultPlugins(), { name: "ImageLocality" }] } }), /ImageLocality is not registered/);
  });

  it("need a QueueSort and a Bind plugin", () => {
    assert.throws(() => testFramework(cacheOf([]), { profile: { schedulerName: "x", plugins: [{ name: "NodeName" }] } }), /no QueueSort plugin/);
  });
});
