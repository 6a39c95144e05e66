import { test } from "node:test";
import assert from "node:assert/strict";
import { compare, type Comparison } from "./walk.js";
import { FieldSet } from "./field-set.js";
import { field, serializeElement, type FieldPath, type PathElement } from "./field-path.js";
import { fieldShape, itemElement, itemShape, rootShape, ShapeError, type Shape } from "./shape.js";
import { deepEqual, isJsonObject, type JsonObject, type JsonValue } from "../patch/json-value.js";
import type { PatchSchema } from "../patch/schema.js";
import { DEPLOYMENT, POD, SERVICE, testSchema } from "../patch/testing-definitions.js";

/**
 * compare as the plain recursive walk over every field of both sides, path
 * by path: the general form the level-by-level walk (which also skips equal
 * subtrees) must agree with.
 */
function referenceCompare(schema: PatchSchema, shape: Shape, lhs: JsonValue, rhs: JsonValue): Comparison {
  const out: Comparison = { added: new FieldSet(), modified: new FieldSet(), removed: new FieldSet() };
  const empty = (v: JsonValue | undefined) => v === undefined || v === null || (Array.isArray(v) ? v.length === 0 : isJsonObject(v) ? Object.keys(v).length === 0 : true);
  const kind = (v: JsonValue | undefined) => (v === undefined ? "none" : Array.isArray(v) ? "list" : isJsonObject(v) ? "map" : "scalar");
  const index = (s: Shape, items: JsonValue[] | undefined) => {
    const pes: PathElement[] = [];
    const byId = new Map<string, JsonValue>();
    for (const item of items ?? []) {
      const pe = itemElement(schema, s, item);
      if (!byId.has(serializeElement(pe))) byId.set(serializeElement(pe), item);
      pes.push(pe);
    }
    return { pes, byId };
  };
  const visit = (path: FieldPath, s: Shape, l: JsonValue | undefined, r: JsonValue | undefined): void => {
    const leaf = s.kind === "scalar" || s.atomic || (empty(l) && empty(r));
    // null is a wildcard: walked into as an empty map or list, as upstream's compare does.
    const mismatch = l !== null && r !== null && kind(l) !== "none" && kind(r) !== "none" && kind(l) !== kind(r);
    if (leaf || mismatch) {
      if (l === undefined) out.added.insert(path);
      else if (r === undefined) out.removed.insert(path);
      else if (!deepEqual(l, r)) out.modified.insert(path);
      return;
    }
    if (s.kind === "map") {
      const lm = (l ?? {}) as JsonObject;
      const rm = (r ?? {}) as JsonObject;
      for (const k of new Set([...Object.keys(lm), ...Object.keys(rm)])) {
        if (lm[k] === undefined && rm[k] === undefined) continue;
        visit([...path, field(k)], fieldShape(schema, s, k, rm[k] ?? lm[k]), lm[k], rm[k]);
      }
    } else if (s.kind === "list") {
      const li = index(s, l as JsonValue[] | undefined);
      const ri = index(s, r as JsonValue[] | undefined);
      const all = new Map<string, PathElement>();
      for (const pe of [...li.pes, ...ri.pes]) all.set(serializeElement(pe), pe);
      for (const [id, pe] of all) visit([...path, pe], itemShape(schema, s, ri.byId.get(id) ?? li.byId.get(id)), li.byId.get(id), ri.byId.get(id));
    }
    if (l === undefined) out.added.insert(path);
    else if (r === undefined) out.removed.insert(path);
  };
  visit([], shape, lhs, rhs);
  return out;
}

/** A small deterministic generator, so a failure names its seed. */
function random(seed: number) {
  let x = seed;
  const next = () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
  return { next, pick: <T>(xs: T[]): T => xs[Math.floor(next() * xs.length)]! };
}

const pod = (): JsonObject => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "p", labels: { app: "web", "a.b/c": "<&>" }, finalizers: ["x", "y"], ownerReferences: [{ apiVersion: "v1", kind: "Node", name: "n", uid: "u1" }] },
  spec: {
    containers: [
      { name: "c", image: "i:1", ports: [{ containerPort: 80 }, { containerPort: 81, protocol: "UDP" }], env: [{ name: "A", value: "1" }] },
      { name: "d", image: "j", args: ["a", "b"], volumeMounts: [{ name: "v", mountPath: "/v" }] },
    ],
    volumes: [{ name: "v", emptyDir: {} }],
    tolerations: [{ key: "k", operator: "Exists" }],
    nodeSelector: { a: "b" },
    restartPolicy: "Always",
  },
  status: { phase: "Pending", conditions: [{ type: "PodScheduled", status: "True" }] },
});
const deployment = (): JsonObject => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "d", labels: { app: "x" } },
  spec: { replicas: 2, selector: { matchLabels: { app: "x" } }, template: { metadata: { labels: { app: "x" } }, spec: { containers: [{ name: "c", image: "i" }] } } },
});
const service = (): JsonObject => ({
  apiVersion: "v1",
  kind: "Service",
  metadata: { name: "s" },
  spec: { ports: [{ port: 80, targetPort: 8080 }, { port: 443, protocol: "TCP", name: "https" }], selector: { app: "x" }, type: "ClusterIP" },
});
const objects: [string, () => JsonObject][] = [
  [POD, pod],
  [DEPLOYMENT, deployment],
  [SERVICE, service],
];

function places(v: JsonValue, path: (string | number)[] = []): (string | number)[][] {
  const out = [path];
  if (Array.isArray(v)) v.forEach((x, i) => out.push(...places(x, [...path, i])));
  else if (isJsonObject(v)) for (const k of Object.keys(v)) out.push(...places(v[k]!, [...path, k]));
  return out;
}

/** One random edit: a changed, removed, added, emptied or duplicated value somewhere, or a list item without its key. */
function edit(o: JsonObject, r: ReturnType<typeof random>): void {
  const at = places(o).filter((p) => p.length > 0 && !(p.length === 1 && p[0] === "metadata"));
  const path = r.pick(at);
  const parent = path.slice(0, -1).reduce<JsonValue>((v, k) => (v as Record<string, JsonValue>)[k]!, o) as Record<string | number, JsonValue>;
  const k = path[path.length - 1]!;
  const v = parent[k]!;
  switch (r.pick(["set", "remove", "add", "empty", "null", "duplicate", "unkey", "reverse"])) {
    case "set":
      parent[k] = typeof v === "number" ? v + 1 : typeof v === "string" ? `${v}x` : "s";
      break;
    case "remove":
      if (Array.isArray(parent)) parent.splice(k as number, 1);
      else delete parent[k];
      break;
    case "add":
      if (Array.isArray(v)) v.push(structuredClone(v[0] ?? "z"));
      else if (isJsonObject(v)) v[`n${Math.floor(r.next() * 3)}`] = r.pick<JsonValue>(["q", 1, {}, [], { z: 1 }]);
      break;
    case "empty":
      parent[k] = Array.isArray(v) ? [] : {};
      break;
    case "null":
      parent[k] = null;
      break;
    case "duplicate":
      if (Array.isArray(v) && v.length) v.push(structuredClone(v[0]!));
      break;
    case "unkey":
      if (Array.isArray(v) && isJsonObject(v[0])) delete v[0].name;
      break;
    case "reverse":
      if (Array.isArray(v)) v.reverse();
      break;
  }
}

function outcome(fn: () => Comparison): string {
  try {
    const c = fn();
    return JSON.stringify({ added: c.added.toFieldsV1(), modified: c.modified.toFieldsV1(), removed: c.removed.toFieldsV1() });
  } catch (err) {
    assert.ok(err instanceof ShapeError, String(err));
    return `ShapeError: ${err.message}`;
  }
}

test("compare agrees with the plain walk over every field, on random edits of pods, deployments and services.", () => {
  for (let seed = 1; seed <= 400; seed++) {
    const r = random(seed);
    const [definition, make] = r.pick(objects);
    const shape = rootShape(definition, testSchema);
    const before = make();
    for (let i = Math.floor(r.next() * 3); i > 0; i--) edit(before, r);
    const after = structuredClone(before);
    for (let i = Math.floor(r.next() * 4); i > 0; i--) edit(after, r);
    for (const [l, rr] of [
      [before, after],
      [{}, after],
      [before, before],
    ] as const) {
      const lhs = structuredClone(l);
      const rhs = structuredClone(rr);
      assert.equal(outcome(() => compare(testSchema, shape, lhs, rhs)), outcome(() => referenceCompare(testSchema, shape, lhs, rhs)), `seed ${seed}`);
      assert.deepEqual([lhs, rhs], [l, rr], "compare changes neither side");
    }
  }
});

test("An unchanged list item without its key fails the comparison as a changed one does.", () => {
  const shape = rootShape(POD, testSchema);
  const broken = pod();
  delete ((broken.spec as JsonObject).containers as JsonObject[])[1]!.name;
  const changed = structuredClone(broken);
  (changed.metadata as JsonObject).labels = { app: "other" };
  const expected = outcome(() => referenceCompare(testSchema, shape, broken, changed));
  assert.match(expected, /^ShapeError: associative list with keys has an element that omits all key fields/);
  assert.equal(outcome(() => compare(testSchema, shape, broken, changed)), expected);
  assert.equal(outcome(() => compare(testSchema, shape, broken, structuredClone(broken))), expected);
});

test("Equal objects compare as unchanged; a changed leaf deep inside is the only modification.", () => {
  const shape = rootShape(POD, testSchema);
  const before = pod();
  assert.equal(outcome(() => compare(testSchema, shape, before, structuredClone(before))), JSON.stringify({ added: {}, modified: {}, removed: {} }));
  const after = structuredClone(before);
  (((after.spec as JsonObject).containers as JsonObject[])[0]!.ports as JsonObject[])[1]!.name = "dns";
  assert.equal(
    outcome(() => compare(testSchema, shape, before, after)),
    JSON.stringify({ added: { "f:spec": { "f:containers": { 'k:{"name":"c"}': { "f:ports": { 'k:{"containerPort":81,"protocol":"UDP"}': { "f:name": {} } } } } } }, modified: {}, removed: {} }),
  );
});
