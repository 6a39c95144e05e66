import assert from "node:assert/strict";
import { test } from "node:test";
import { hasDuplicateKeys, parseYamlNoting, scanJsonKeys } from "./strict-decoding.js";

test("a JSON scan finds repeated keys with upstream's field paths, nested in lists too", () => {
  const text = '{"spec":{"a":1,"a":2,"list":[{"x":"1"},{"x":"2","x":"3"}],"s":"{\\"a\\":1,\\"a\\":2}"},"spec":{}}';
  assert.deepEqual(scanJsonKeys(text).duplicates.map((d) => d.path), ["spec.a", "spec.list[1].x", "spec"]);
});

test("keys with escapes are compared by their value", () => {
  assert.deepEqual(scanJsonKeys('{"a\\u0062":1,"ab":2}').duplicates.map((d) => d.path), ["ab"]);
});

test("a JSON scan records where each path first appears", () => {
  const scan = scanJsonKeys('{"metadata":{"name":"x"},"spec":{"unknown":1,"replicas":2,"replicas":3}}');
  assert.ok(scan.firstSeen.get("spec.unknown")! < scan.duplicates[0]!.at);
  assert.ok(scan.firstSeen.get("metadata.name")! < scan.firstSeen.get("spec.unknown")!);
});

test("a YAML parse lets the last repeat win and words the repeats as go-yaml does", () => {
  const { value, duplicateLines } = parseYamlNoting("a: 1\nb:\n  c: x\n  c: y\na: 2\ntrue: 1\ntrue: 2\n");
  assert.deepEqual(value, { a: 2, b: { c: "y" }, true: 2 });
  assert.deepEqual(duplicateLines, ['line 4: key "c" already set in map', 'line 5: key "a" already set in map', "line 7: key true already set in map"]);
});

test("the quick duplicate check agrees with the full scan", () => {
  const texts = [
    '{"spec":{"a":1,"a":2}}',
    '{"spec":{"a":1,"b":2},"status":{"a":1}}',
    '{"list":[{"x":"1"},{"x":"2","x":"3"}]}',
    '{"list":[{"x":"1"},{"x":"2"}],"x":[]}',
    '{"s":"{\\"a\\":1,\\"a\\":2}","t":"a,b"}',
    '{"a\\u0062":1,"ab":2}',
    '{"a\\"b":1,"a\\"c":[1,{"k":[2,3],"l":{}}],"m":"]}"}',
    '[{"a":1},{"a":2}]',
    '{"a":{"b":{"c":{}}},"b":{"a":1},"c":[[{"d":1,"d":2}]]}',
    '{}',
    '"text"',
  ];
  for (const text of texts) assert.equal(hasDuplicateKeys(text), scanJsonKeys(text).duplicates.length > 0, text);
});
