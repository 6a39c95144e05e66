import { test } from "node:test";
import assert from "node:assert/strict";
import { builtinResources } from "../../api/index.js";
import { DEFAULT_MONITORED_RESOURCES, deletableResources } from "./resources.js";

test("the collector's table of built-in resources is what the scheme says it can list, watch and delete", () => {
  assert.deepEqual(DEFAULT_MONITORED_RESOURCES, deletableResources(builtinResources));
});
