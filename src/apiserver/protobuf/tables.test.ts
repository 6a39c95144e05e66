import { test } from "node:test";
import assert from "node:assert/strict";
import { builtDefinitions } from "../openapi/testing/fixtures.js";
import type { Schema } from "../openapi/schema.js";
import { refName } from "../openapi/schema.js";
import { indexProtoFacts, isScalarKind, type MessageFacts } from "./fact-table.js";
import { allProtoPackages } from "./tables/index.js";

const index = indexProtoFacts(allProtoPackages);

/** Fields of the installed (older) kubernetes-types that upstream has since removed. */
const REMOVED_UPSTREAM = new Set(["core.v1.PodResourceClaim.source"]);

/** Table package id -> OpenAPI definition prefix. */
function definitionPrefix(id: string): string {
  if (id === "meta.v1") return "io.k8s.apimachinery.pkg.apis.meta.v1";
  if (id === "apiextensions.v1") return "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1";
  return `io.k8s.api.${id}`;
}

const WELL_KNOWN_REFS: Record<string, string> = {
  "io.k8s.apimachinery.pkg.apis.meta.v1.Time": "time",
  "io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime": "mtime",
  "io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1": "fieldsv1",
  "io.k8s.apimachinery.pkg.api.resource.Quantity": "qty",
  "io.k8s.apimachinery.pkg.util.intstr.IntOrString": "ios",
  "io.k8s.apimachinery.pkg.runtime.RawExtension": "raw",
  "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON": "json",
  "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrArray": "schemaorarray",
  "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrBool": "schemaorbool",
  "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrStringArray": "schemaorstrings",
};

/** The table kind a definition's $ref names. */
function kindOfRef(ref: string): string {
  const name = refName(ref)!;
  if (WELL_KNOWN_REFS[name]) return WELL_KNOWN_REFS[name];
  for (const p of allProtoPackages) {
    const prefix = `${definitionPrefix(p.id)}.`;
    if (name.startsWith(prefix) && !name.slice(prefix.length).includes(".")) return `${p.id}.${name.slice(prefix.length)}`;
  }
  return `? ${name}`;
}

/** Every JSON field of a message, following inlined embedded structs. */
function jsonFields(m: MessageFacts): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of m.fields.values()) {
    if (f.json === "") for (const [k, v] of jsonFields(index.get(f.kind)!)) out.set(k, v);
    else out.set(f.json, f.container === "list" ? `[]${f.kind}` : f.container === "map" ? `{}${f.kind}` : f.kind);
  }
  return out;
}

test("Every message a table refers to has a table of its own.", () => {
  const missing: string[] = [];
  for (const m of index.values()) {
    for (const f of m.fields.values()) {
      if (f.kind.includes(".") && !index.has(f.kind)) missing.push(`${m.name}.${f.json || "(inline)"} -> ${f.kind}`);
    }
  }
  assert.deepEqual(missing, []);
});

test("Every property of the OpenAPI definitions has a protobuf field of the same message or well-known kind.", () => {
  const { definitions } = builtDefinitions();
  const problems: string[] = [];
  let checked = 0;
  for (const m of index.values()) {
    const dot = m.name.lastIndexOf(".");
    const def: Schema | undefined = definitions[`${definitionPrefix(m.name.slice(0, dot))}.${m.name.slice(dot + 1)}`];
    if (!def?.properties || m.array) continue;
    const fields = jsonFields(m);
    for (const [prop, schema] of Object.entries(def.properties)) {
      if (prop === "apiVersion" || prop === "kind" || REMOVED_UPSTREAM.has(`${m.name}.${prop}`)) continue;
      checked++;
      const got = fields.get(prop);
      if (got === undefined) { problems.push(`${m.name}.${prop}: no protobuf field`); continue; }
      const ref = schema.$ref ?? schema.allOf?.[0]?.$ref;
      const item = schema.items?.$ref;
      const value = typeof schema.additionalProperties === "object" ? schema.additionalProperties.$ref : undefined;
      const want = ref ? kindOfRef(ref) : item ? `[]${kindOfRef(item)}` : value ? `{}${kindOfRef(value)}` : undefined;
      // Named slices (ExtraValue) appear as plain arrays in OpenAPI; only compare message references.
      if (want !== undefined && got !== want) problems.push(`${m.name}.${prop}: table ${got}, definition ${want}`);
      if (want === undefined && schema.type === "integer" && !isScalarKind(got.replace(/^\[\]/, ""))) problems.push(`${m.name}.${prop}: integer but table ${got}`);
    }
  }
  assert.deepEqual(problems, []);
  assert.ok(checked > 1500, `only ${checked} properties were compared`);
});
