/**
 * Turns kubernetes-types' declaration files into upstream-named Swagger 2.0
 * definitions. The declarations give every type, field, optionality (which
 * is upstream's `required`), doc comment and, through literal apiVersion and
 * kind, each top-level kind's group-version-kind; the facts tables add what
 * TypeScript cannot say (see facts/field-facts.ts).
 */
import ts from "typescript";
import { posix } from "node:path";
import type { Schema } from "../schema.js";
import { V2_REF_PREFIX } from "../schema.js";
import type { FieldFacts, TypeFacts } from "../facts/field-facts.js";
import { INT_OR_STRING, packageOf } from "./definition-names.js";
import { extraProperties, specialTypes, syntheticDefinitions } from "./special-types.js";

/** One declaration file: its path under the package root without ".d.ts", and its text. */
export interface DeclarationModule {
  modulePath: string;
  text: string;
}

interface ModuleScope {
  pkg: string;
  local: Set<string>;
  /** Imported name -> definition-name prefix of its module. */
  imported: Map<string, string>;
  where: string;
}

function docOf(node: ts.Node): string | undefined {
  const docs = ts.getJSDocCommentsAndTags(node).filter(ts.isJSDoc);
  const last = docs[docs.length - 1];
  const text = last ? ts.getTextOfJSDocComment(last.comment) : undefined;
  return text ? text.trim() : undefined;
}

function refTo(name: string): Schema {
  return { $ref: V2_REF_PREFIX + name };
}

function leafNumber(facts: FieldFacts | undefined): Schema {
  if (facts?.numberFormat === "double") return { type: "number", format: "double" };
  return { type: "integer", format: facts?.numberFormat ?? "int32" };
}

function typeSchema(node: ts.TypeNode, scope: ModuleScope, facts: FieldFacts | undefined): Schema {
  switch (node.kind) {
    case ts.SyntaxKind.StringKeyword:
      return facts?.byteFormat ? { type: "string", format: "byte" } : { type: "string" };
    case ts.SyntaxKind.NumberKeyword:
      return leafNumber(facts);
    case ts.SyntaxKind.BooleanKeyword:
      return { type: "boolean" };
  }
  if (ts.isLiteralTypeNode(node) && ts.isStringLiteral(node.literal)) return { type: "string" };
  if (ts.isArrayTypeNode(node)) return { type: "array", items: typeSchema(node.elementType, scope, facts) };
  if (ts.isUnionTypeNode(node)) {
    const kinds = new Set(node.types.map((t) => t.kind));
    if (kinds.size === 2 && kinds.has(ts.SyntaxKind.NumberKeyword) && kinds.has(ts.SyntaxKind.StringKeyword)) return refTo(INT_OR_STRING);
    return {};
  }
  if (ts.isTypeLiteralNode(node)) {
    const index = node.members.find(ts.isIndexSignatureDeclaration);
    if (index && node.members.length === 1) return { type: "object", additionalProperties: typeSchema(index.type, scope, facts) };
  }
  if (ts.isTypeReferenceNode(node) && ts.isIdentifier(node.typeName)) {
    const name = node.typeName.text;
    if (name === "Array" && node.typeArguments?.length === 1) return { type: "array", items: typeSchema(node.typeArguments[0]!, scope, facts) };
    if (scope.local.has(name)) return refTo(`${scope.pkg}.${name}`);
    const pkg = scope.imported.get(name);
    if (pkg) return refTo(`${pkg}.${name}`);
  }
  throw new Error(`openapi: cannot express ${ts.SyntaxKind[node.kind]} "${node.getText()}" in ${scope.where}`);
}

function applyFieldFacts(s: Schema, facts: FieldFacts | undefined): void {
  if (!facts) return;
  if (facts.default !== undefined) s.default = facts.default;
  if (facts.listType) s["x-kubernetes-list-type"] = facts.listType;
  if (facts.listMapKeys) s["x-kubernetes-list-map-keys"] = facts.listMapKeys;
  if (facts.mapType) s["x-kubernetes-map-type"] = facts.mapType;
  if (facts.patchMergeKey) s["x-kubernetes-patch-merge-key"] = facts.patchMergeKey;
  if (facts.patchStrategy) s["x-kubernetes-patch-strategy"] = facts.patchStrategy;
}

function literalOf(member: ts.PropertySignature | undefined): string | undefined {
  const t = member?.type;
  return t && ts.isLiteralTypeNode(t) && ts.isStringLiteral(t.literal) ? t.literal.text : undefined;
}

function memberName(m: ts.TypeElement): string | undefined {
  if (!m.name) return undefined;
  if (ts.isIdentifier(m.name) || ts.isStringLiteral(m.name)) return m.name.text;
  return undefined;
}

function interfaceSchema(decl: ts.InterfaceDeclaration, scope: ModuleScope, facts: TypeFacts | undefined): Schema {
  const out: Schema = {};
  const description = docOf(decl);
  if (description) out.description = description;
  out.type = "object";
  const properties: Record<string, Schema> = {};
  const required: string[] = [];
  const byName = new Map<string, ts.PropertySignature>();
  for (const m of decl.members) {
    const name = memberName(m);
    if (!name || !ts.isPropertySignature(m) || !m.type) continue;
    byName.set(name, m);
    const f = facts?.fields[name];
    const fieldScope = { ...scope, where: `${scope.where}.${decl.name.text}.${name}` };
    const prop: Schema = { ...typeSchema(m.type, fieldScope, f) };
    const doc = docOf(m);
    if (doc) prop.description = doc;
    applyFieldFacts(prop, f);
    properties[name] = prop;
    if (!m.questionToken) required.push(name);
  }
  if (byName.size > 0) out.properties = properties;
  if (required.length > 0) out.required = required;
  const apiVersion = literalOf(byName.get("apiVersion"));
  const kind = literalOf(byName.get("kind"));
  if (apiVersion && kind) {
    const slash = apiVersion.lastIndexOf("/");
    out["x-kubernetes-group-version-kind"] = [{ group: slash < 0 ? "" : apiVersion.slice(0, slash), kind, version: apiVersion.slice(slash + 1) }];
  }
  if (facts?.mapType) out["x-kubernetes-map-type"] = facts.mapType;
  return out;
}

function aliasSchema(decl: ts.TypeAliasDeclaration, name: string, scope: ModuleScope): Schema {
  const out: Schema = {};
  const description = docOf(decl);
  if (description) out.description = description;
  if (name in specialTypes) return { ...out, ...specialTypes[name] };
  if (decl.type.kind === ts.SyntaxKind.StringKeyword) return { ...out, type: "string" };
  // Unions (JSONSchemaPropsOrBool, ...) are any of several shapes: no type, as upstream.
  if (ts.isUnionTypeNode(decl.type)) return out;
  return { ...out, ...typeSchema(decl.type, scope, undefined) };
}

function scopeOf(file: ts.SourceFile, modulePath: string): ModuleScope {
  const scope: ModuleScope = { pkg: packageOf(modulePath), local: new Set(), imported: new Map(), where: modulePath };
  for (const st of file.statements) {
    if ((ts.isInterfaceDeclaration(st) || ts.isTypeAliasDeclaration(st))) scope.local.add(st.name.text);
    if (ts.isImportDeclaration(st) && ts.isStringLiteral(st.moduleSpecifier)) {
      const target = posix.normalize(posix.join(posix.dirname(modulePath), st.moduleSpecifier.text));
      const bindings = st.importClause?.namedBindings;
      if (bindings && ts.isNamedImports(bindings)) for (const el of bindings.elements) scope.imported.set(el.name.text, packageOf(target));
    }
  }
  return scope;
}

/**
 * Builds the definitions of all given declaration modules. `facts` is keyed
 * by definition name. Throws when a declaration uses a construct with no
 * OpenAPI meaning, so that a new kubernetes-types release fails the build
 * instead of serving a wrong schema.
 */
export function definitionsFromDeclarations(modules: DeclarationModule[], facts: Map<string, TypeFacts>): Record<string, Schema> {
  const out: Record<string, Schema> = { ...syntheticDefinitions };
  for (const mod of modules) {
    const file = ts.createSourceFile(`${mod.modulePath}.d.ts`, mod.text, ts.ScriptTarget.ES2022, true);
    const scope = scopeOf(file, mod.modulePath);
    for (const st of file.statements) {
      if (ts.isInterfaceDeclaration(st)) {
        const name = `${scope.pkg}.${st.name.text}`;
        const special = specialTypes[name];
        out[name] = special ? { ...descriptionOnly(st), ...special } : interfaceSchema(st, scope, facts.get(name));
        const extra = extraProperties[name];
        if (extra) out[name] = { ...out[name], properties: { ...out[name]!.properties, ...extra } };
      } else if (ts.isTypeAliasDeclaration(st)) {
        const name = `${scope.pkg}.${st.name.text}`;
        out[name] = aliasSchema(st, name, scope);
      }
    }
  }
  return out;
}

function descriptionOnly(node: ts.Node): Schema {
  const description = docOf(node);
  return description ? { description } : {};
}
