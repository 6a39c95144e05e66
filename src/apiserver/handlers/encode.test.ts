import { test } from "node:test";
import assert from "node:assert/strict";
import type { KubeObject, ResourceDefinition } from "../../api/types.js";
import type { EncodedObject } from "../../storage/cacher/index.js";
import { encodeList, jsonListBody, listValue } from "./encode.js";

const def = { group: "", version: "v1", kind: "ConfigMap", plural: "configmaps", namespaced: true } as unknown as ResourceDefinition;

function encodedOf(o: KubeObject): EncodedObject {
  const json = JSON.stringify(o);
  return { json: () => json, jsonByteLength: () => Buffer.byteLength(json) };
}

const cm = (name: string, data: Record<string, string>): KubeObject => ({ kind: "ConfigMap", apiVersion: "v1", metadata: { name, namespace: "d", resourceVersion: "7" }, data }) as KubeObject;

test("a list assembled from serialised items has the bytes of serialising the whole list", () => {
  const items = [cm("a", { k: "plain" }), cm("b", { k: "é ✓ 😀 \u2028 \"quoted\"" }), cm("c", {})];
  for (const meta of [{ resourceVersion: "9" }, { resourceVersion: "9", continue: "tok", remainingItemCount: 12 }]) {
    for (const some of [items, items.slice(0, 1), []]) {
      const whole = `${JSON.stringify(listValue(def, "v1", some, meta))}\n`;
      assert.equal(jsonListBody(listValue(def, "v1", [], meta), some.map(encodedOf)).toString(), whole);
      const res = encodeList(def, "v1", some, meta, "json", new URLSearchParams(), 0, some.map(encodedOf));
      assert.deepEqual(res.body, Buffer.from(whole));
      assert.deepEqual(Buffer.from(encodeList(def, "v1", some, meta, "json", new URLSearchParams(), 0).body!), Buffer.from(whole), "the same bytes as without the items' encodings");
    }
  }
});

test("other forms ignore the items' encodings", () => {
  const items = [cm("a", { k: "v" })];
  const stale: EncodedObject = { json: () => "{}", jsonByteLength: () => 2 };
  const res = encodeList(def, "v1", items, { resourceVersion: "3" }, "yaml", new URLSearchParams(), 0, [stale]);
  assert.match(String(res.body), /name: a/);
});
