import { test } from "node:test";
import assert from "node:assert/strict";
import YAML from "yaml";
import { buildV2Document } from "../v2-document.js";
import { builtDefinitions, fixtureResources } from "../testing/fixtures.js";
import { decodeMessage, msgs, named, str, type ProtoFields } from "../testing/proto-decode.js";
import { encodeOpenApiV2 } from "./openapiv2.js";
import { ProtoWriter } from "./writer.js";

const doc = buildV2Document(fixtureResources, builtDefinitions().definitions, "v1.35.0+skiff");
const decoded = decodeMessage(encodeOpenApiV2(doc));

function extensions(m: ProtoFields, field: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, any] of named(m, field)) out[name] = YAML.parse(str(any, 2) ?? "");
  return out;
}

test("the writer encodes varints, strings and nested messages as protobuf does", () => {
  const cases: [string, (w: ProtoWriter) => void, string][] = [
    ["a small varint", (w) => w.int64(1, 150), "089601"],
    ["a string", (w) => w.string(2, "testing"), "120774657374696e67"],
    ["an empty string is omitted", (w) => w.string(2, ""), ""],
    ["false is omitted, true is 1", (w) => w.bool(3, false).bool(4, true), "2001"],
    ["a nested message", (w) => w.message(3, (m) => m.int64(1, 150)), "1a03089601"],
    ["repeated strings keep empty entries", (w) => w.strings(1, ["a", ""]), "0a01610a00"],
    ["a large field number", (w) => w.bool(31, true), "f80101"],
  ];
  for (const [name, build, hex] of cases) {
    const w = new ProtoWriter();
    build(w);
    assert.equal(w.finish().toString("hex"), hex, name);
  }
});

test("the document header decodes back", () => {
  assert.equal(str(decoded, 1), "2.0");
  const info = msgs(decoded, 2)[0]!;
  assert.equal(str(info, 1), "Kubernetes");
  assert.equal(str(info, 2), "v1.35.0+skiff");
});

test("every path and definition of the JSON document is in the protobuf", () => {
  const paths = named(msgs(decoded, 8)[0]!, 2);
  assert.deepEqual([...paths.keys()], Object.keys(doc.paths));
  const defs = named(msgs(decoded, 9)[0]!, 1);
  assert.deepEqual([...defs.keys()], Object.keys(doc.definitions));
  assert.ok(defs.size > 100, `non-trivial: ${defs.size} definitions`);
});

test("schemas decode with their properties, refs and vendor extensions", () => {
  const defs = named(msgs(decoded, 9)[0]!, 1);
  const pod = defs.get("io.k8s.api.core.v1.Pod")!;
  assert.deepEqual(extensions(pod, 31), { "x-kubernetes-group-version-kind": [{ group: "", kind: "Pod", version: "v1" }] });
  const podProps = named(msgs(pod, 25)[0]!, 1);
  assert.equal(str(podProps.get("metadata")!, 1), "#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta");

  const spec = named(msgs(defs.get("io.k8s.api.core.v1.PodSpec")!, 25)[0]!, 1);
  const containers = spec.get("containers")!;
  assert.deepEqual(msgs(containers, 22).map((t) => str(t, 1)), ["array"]);
  const item = msgs(msgs(containers, 23)[0]!, 1)[0]!;
  assert.equal(str(item, 1), "#/definitions/io.k8s.api.core.v1.Container");
  assert.deepEqual(extensions(containers, 31), {
    "x-kubernetes-list-type": "map",
    "x-kubernetes-list-map-keys": ["name"],
    "x-kubernetes-patch-merge-key": "name",
    "x-kubernetes-patch-strategy": "merge",
  });
  const required = (defs.get("io.k8s.api.core.v1.PodSpec")!.get(19) ?? []).map((b) => b.toString());
  assert.deepEqual(required, ["containers"]);
});

test("operations decode with their id, action, GVK and query parameters", () => {
  const paths = named(msgs(decoded, 8)[0]!, 2);
  const item = paths.get("/api/v1/namespaces/{namespace}/pods/{name}")!;
  const patch = msgs(item, 8)[0]!;
  assert.equal(str(patch, 5), "patchCoreV1NamespacedPod");
  assert.deepEqual(extensions(patch, 13), { "x-kubernetes-action": "patch", "x-kubernetes-group-version-kind": { group: "", kind: "Pod", version: "v1" } });
  const paramNames = msgs(patch, 8).map((pi) => {
    const p = msgs(pi, 1)[0]!;
    const body = msgs(p, 1)[0];
    if (body) return str(body, 2);
    return str(msgs(msgs(p, 2)[0]!, 3)[0]!, 4);
  });
  assert.deepEqual(paramNames, ["body", "dryRun", "fieldManager", "fieldValidation", "force"]);
  const pathParams = msgs(item, 9).map((pi) => msgs(msgs(msgs(pi, 1)[0]!, 2)[0]!, 4)[0]).filter(Boolean).map((p) => str(p!, 4));
  assert.deepEqual(pathParams, ["name", "namespace"]);
});
