import { test } from "node:test";
import assert from "node:assert/strict";
import { applyStrategicMergePatch } from "./strategic-merge.js";
import { PatchError, toApiError, type PatchErrorKind } from "./errors.js";
import { DEPLOYMENT, POD, testSchema } from "./testing-definitions.js";
import type { JsonObject, JsonValue } from "./json-value.js";

const c = (name: string, extra: JsonObject = {}): JsonObject => ({ name, image: `${name}:1`, ...extra });
const pod = (spec: JsonObject, metadata: JsonObject = { name: "p" }): JsonObject => ({ metadata, spec });
const names = (o: JsonObject) => ((o.spec as JsonObject).containers as JsonObject[]).map((x) => x.name);

interface Case {
  name: string;
  original: JsonObject;
  patch: JsonObject;
  definition?: string;
  want?: JsonValue;
  check?: (result: JsonObject) => void;
}

const cases: Case[] = [
  {
    name: "A container is merged into the live container of the same name.",
    original: pod({ containers: [c("a"), c("b")] }),
    patch: { spec: { containers: [{ name: "b", image: "b:2" }] } },
    want: pod({ containers: [c("a"), c("b", { image: "b:2" })] }),
  },
  {
    name: "A new container without $setElementOrder goes before the server's items, as upstream orders it.",
    original: pod({ containers: [c("a"), c("b")] }),
    patch: { spec: { containers: [c("c")] } },
    check: (r) => assert.deepEqual(names(r), ["c", "a", "b"]),
  },
  {
    name: "$setElementOrder places a new container where the list says.",
    original: pod({ containers: [c("a"), c("b")] }),
    patch: { spec: { "$setElementOrder/containers": [{ name: "a" }, { name: "b" }, { name: "c" }], containers: [c("c")] } },
    want: pod({ containers: [c("a"), c("b"), c("c")] }),
  },
  {
    name: "$setElementOrder alone reorders the live list.",
    original: pod({ containers: [c("a"), c("b")] }),
    patch: { spec: { "$setElementOrder/containers": [{ name: "b" }, { name: "a" }] } },
    check: (r) => assert.deepEqual(names(r), ["b", "a"]),
  },
  {
    name: "Environment variables merge by name, a null value removes that member, and the patch's order wins.",
    original: pod({ containers: [c("a", { env: [{ name: "X", value: "1" }, { name: "Y", value: "2" }, { name: "Z", value: "0" }] })] }),
    patch: { spec: { containers: [{ name: "a", env: [{ name: "Y", value: "3" }, { name: "X", value: null }] }] } },
    want: pod({ containers: [c("a", { env: [{ name: "Y", value: "3" }, { name: "X" }, { name: "Z", value: "0" }] })] }),
  },
  {
    name: "Container ports merge by containerPort alone, so a port of another protocol overwrites the first (an upstream limitation).",
    original: pod({ containers: [c("a", { ports: [{ containerPort: 53, protocol: "TCP" }, { containerPort: 80, protocol: "TCP" }] })] }),
    patch: { spec: { containers: [{ name: "a", ports: [{ containerPort: 53, protocol: "UDP" }] }] } },
    want: pod({ containers: [c("a", { ports: [{ containerPort: 53, protocol: "UDP" }, { containerPort: 80, protocol: "TCP" }] })] }),
  },
  {
    name: "Finalizers are unioned, new values first.",
    original: pod({}, { name: "p", finalizers: ["a", "b"] }),
    patch: { metadata: { finalizers: ["c", "a"] } },
    want: pod({}, { name: "p", finalizers: ["c", "a", "b"] }),
  },
  {
    name: "$deleteFromPrimitiveList removes values from finalizers.",
    original: pod({}, { name: "p", finalizers: ["a", "b", "c"] }),
    patch: { metadata: { "$deleteFromPrimitiveList/finalizers": ["b", "z"] } },
    want: pod({}, { name: "p", finalizers: ["a", "c"] }),
  },
  {
    name: "$deleteFromPrimitiveList works on lists without a merge strategy too.",
    original: pod({ containers: [c("a", { args: ["x", "y"] })] }),
    patch: { spec: { containers: [{ name: "a", "$deleteFromPrimitiveList/args": ["x"] }] } },
    want: pod({ containers: [c("a", { args: ["y"] })] }),
  },
  {
    name: "$deleteFromPrimitiveList on a missing list adds nothing.",
    original: pod({}, { name: "p" }),
    patch: { metadata: { "$deleteFromPrimitiveList/finalizers": ["a"] } },
    want: pod({}, { name: "p" }),
  },
  {
    name: "$patch: delete removes the container with that name.",
    original: pod({ containers: [c("a"), c("b")] }),
    patch: { spec: { containers: [{ name: "a", $patch: "delete" }] } },
    want: pod({ containers: [c("b")] }),
  },
  {
    name: "$patch: replace in a list makes the patch items the whole list.",
    original: pod({ containers: [c("a"), c("b")] }),
    patch: { spec: { containers: [c("z"), { $patch: "replace" }] } },
    want: pod({ containers: [c("z")] }),
  },
  {
    name: "$patch: replace on a map replaces the map.",
    original: pod({}, { name: "p", labels: { a: "1", b: "2" } }),
    patch: { metadata: { labels: { $patch: "replace", c: "3" } } },
    want: pod({}, { name: "p", labels: { c: "3" } }),
  },
  {
    name: "$patch: delete on a map empties it.",
    original: pod({}, { name: "p", labels: { a: "1" } }),
    patch: { metadata: { labels: { $patch: "delete" } } },
    want: pod({}, { name: "p", labels: {} }),
  },
  {
    name: "$retainKeys clears the fields it does not list.",
    definition: DEPLOYMENT,
    original: { spec: { replicas: 2, strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%" } } } },
    patch: { spec: { strategy: { $retainKeys: ["type"], type: "Recreate" } } },
    want: { spec: { replicas: 2, strategy: { type: "Recreate" } } },
  },
  {
    name: "$retainKeys inside a volume swaps its source.",
    original: pod({ volumes: [{ name: "v", emptyDir: {} }] }),
    patch: { spec: { volumes: [{ name: "v", hostPath: { path: "/x" }, $retainKeys: ["hostPath", "name"] }] } },
    want: pod({ volumes: [{ name: "v", hostPath: { path: "/x" } }] }),
  },
  {
    name: "Lists without a strategy are replaced whole.",
    original: pod({ tolerations: [{ key: "a" }, { key: "b" }], containers: [c("a", { command: ["sh", "-c"] })] }),
    patch: { spec: { tolerations: [{ key: "c" }], containers: [{ name: "a", command: ["bash"] }] } },
    want: pod({ tolerations: [{ key: "c" }], containers: [c("a", { command: ["bash"] })] }),
  },
  {
    name: "Fields without a schema merge as a JSON merge patch: maps merge and lists are replaced.",
    definition: undefined,
    original: { status: { conditions: [{ type: "A" }], phase: "Pending", extra: { x: 1 } } },
    patch: { status: { conditions: [{ type: "B" }], extra: { y: 2 }, phase: null } },
    want: { status: { conditions: [{ type: "B" }], extra: { x: 1, y: 2 } } },
  },
  {
    name: "A value of another type replaces the live one.",
    original: pod({ restartPolicy: "Always" }),
    patch: { spec: { restartPolicy: { odd: true } } },
    want: pod({ restartPolicy: { odd: true } }),
  },
  {
    name: "Directive maps inside a newly added value are dropped, and so are nulls.",
    original: pod({}),
    patch: { spec: { containers: [c("a", { env: [{ name: "X", value: null }] }), { name: "b", $patch: "delete" }] } },
    want: pod({ containers: [c("a", { env: [{ name: "X" }] })] }),
  },
  {
    name: "Null deletes a field.",
    original: pod({ restartPolicy: "Always", serviceAccountName: "sa" }),
    patch: { spec: { restartPolicy: null } },
    want: pod({ serviceAccountName: "sa" }),
  },
];

for (const tc of cases) {
  test(tc.name, () => {
    const before = structuredClone(tc.original);
    const result = applyStrategicMergePatch(tc.original, tc.patch, testSchema, "definition" in tc ? tc.definition : POD);
    if (tc.want !== undefined) assert.deepEqual(result, tc.want);
    tc.check?.(result);
    assert.deepEqual(tc.original, before, "the original is not mutated");
  });
}

const errorCases: { name: string; original?: JsonObject; patch: JsonObject; kind: PatchErrorKind; message: string | RegExp; code: number }[] = [
  {
    name: "A list item without its merge key is refused with upstream's message as a 500.",
    patch: { spec: { containers: [{ image: "x" }] } },
    kind: "Unknown",
    message: "map: map[image:x] does not contain declared merge key: name",
    code: 500,
  },
  {
    name: "$patch: merge on a list item is refused.",
    patch: { spec: { containers: [{ name: "a", $patch: "merge" }] } },
    kind: "Unknown",
    message: "merging lists cannot yet be specified in the patch",
    code: 500,
  },
  {
    name: "$patch: merge on a map is an unknown patch type.",
    original: pod({}, { name: "p", labels: { a: "0" } }),
    patch: { metadata: { labels: { $patch: "merge", a: "1" } } },
    kind: "Unknown",
    message: "unknown patch type: merge in map: map[$patch:merge a:1]",
    code: 500,
  },
  {
    name: "An unknown $patch value in a list item is an unknown patch type.",
    patch: { spec: { containers: [{ name: "a", $patch: "bogus" }] } },
    kind: "Unknown",
    message: "unknown patch type: bogus in map: map[$patch:bogus name:a]",
    code: 500,
  },
  {
    name: "$retainKeys that omits a patched field is a bad request.",
    patch: { spec: { $retainKeys: ["containers"], restartPolicy: "Never" } },
    kind: "BadRequest",
    message: "invalid patch format of retainKeys",
    code: 400,
  },
  {
    name: "$retainKeys that is not a list is a bad request.",
    patch: { spec: { $retainKeys: "containers" } },
    kind: "BadRequest",
    message: "invalid patch format of retainKeys",
    code: 400,
  },
  {
    name: "$deleteFromPrimitiveList without a field name is a bad request.",
    patch: { metadata: { $deleteFromPrimitiveList: ["a"] } },
    kind: "BadRequest",
    message: "invalid patch format of primitive list",
    code: 400,
  },
  {
    name: "$setElementOrder without a field name is a bad request.",
    patch: { spec: { $setElementOrderContainers: [] } },
    kind: "BadRequest",
    message: "invalid patch format of setElementOrder list",
    code: 400,
  },
  {
    name: "$setElementOrder that is not a list is refused.",
    patch: { spec: { "$setElementOrder/containers": "a" } },
    kind: "Unknown",
    message: "expected a []interface {}, but received a string",
    code: 500,
  },
  {
    name: "$setElementOrder that contradicts the patch list's order is refused.",
    patch: { spec: { "$setElementOrder/containers": [{ name: "a" }, { name: "b" }], containers: [{ name: "b" }, { name: "a" }] } },
    kind: "Unknown",
    message: /^The order in patch list:\n\[map\[name:b\] map\[name:a\]\]\n doesn't match \$setElementOrder list:\n\[map\[name:a\] map\[name:b\]\]\n$/,
    code: 500,
  },
  {
    name: "Lists of lists in a merging list are refused as invalid.",
    original: pod({}, { name: "p", finalizers: [] }),
    patch: { metadata: { finalizers: [["a"]] } },
    kind: "Invalid",
    message: "lists of lists are not supported",
    code: 422,
  },
  {
    name: "Mixed element types in a merging list are refused.",
    original: pod({}, { name: "p", finalizers: ["a"] }),
    patch: { metadata: { finalizers: [1] } },
    kind: "Unknown",
    message: "list element types are not identical: [[a] [1]]",
    code: 500,
  },
];

for (const tc of errorCases) {
  test(tc.name, () => {
    const original = tc.original ?? pod({ containers: [c("a"), c("b")] });
    assert.throws(
      () => applyStrategicMergePatch(original, tc.patch, testSchema, POD),
      (err: unknown) => {
        assert.ok(err instanceof PatchError);
        assert.equal(err.kind, tc.kind);
        if (typeof tc.message === "string") assert.equal(err.message, tc.message);
        else assert.match(err.message, tc.message);
        assert.equal(toApiError(err).code, tc.code);
        return true;
      },
    );
  });
}

test("A patch or original that is not an object is an invalid JSON document.", () => {
  assert.throws(() => applyStrategicMergePatch({}, [] as unknown as JsonObject, testSchema, POD), (err: unknown) => err instanceof PatchError && err.message === "invalid JSON document");
});
