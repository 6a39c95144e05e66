/**
 * Skiff's OpenAPI service: /openapi/v2 (JSON or gnostic protobuf),
 * /openapi/v3 and its per-group-version documents, and the schema index
 * other parts of the server consult (unknown fields, patch metadata).
 *
 * Definitions come from dist/openapi/definitions.json, written by the build
 * (scripts/gen-openapi.mjs). Documents are built on first request and
 * cached; start-up only parses the definitions file.
 *
 * @example
 *   const openapi = createOpenApiService(builtinResources, { version: "v1.35.0+skiff" });
 *   const { body, contentType, etag } = openapi.v2(req.headers.accept ?? "");
 */
import { createHash } from "node:crypto";
import type { ResourceDefinition } from "../../api/types.js";
import { withoutPropertyDefaults, type DefinitionsFile, type Schema } from "./schema.js";
import { loadDefinitions } from "./load.js";
import { createSchemaIndex, type SchemaIndex } from "./schema-index.js";
import { buildV2Document } from "./v2-document.js";
import { buildV3Document, servedGroupVersions, v3PathNames } from "./v3-documents.js";
import { encodeOpenApiV2 } from "./protobuf/openapiv2.js";

export type { Schema, DefinitionsFile, GvkExtension } from "./schema.js";
export type { SchemaIndex, PatchMeta } from "./schema-index.js";
export { createSchemaIndex } from "./schema-index.js";
export { loadDefinitions } from "./load.js";

/** What kubectl asks for. Not a valid media type ("@"), so never sent back. */
export const V2_PROTOBUF_ACCEPT = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf";
/** The protobuf media type as served (and also accepted). */
export const V2_PROTOBUF = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";

/** The first acceptable v2 format, by q then order, as upstream negotiates; JSON when none matches. */
export function negotiateV2(accept: string): "json" | "protobuf" {
  const clauses = accept.split(",").map((raw, i) => {
    const [type = "", ...params] = raw.split(";").map((x) => x.trim());
    const q = params.find((x) => x.startsWith("q="));
    return { type: type.toLowerCase(), q: q ? Number(q.slice(2)) : 1, i };
  }).filter((c) => c.q > 0).sort((a, b) => b.q - a.q || a.i - b.i);
  for (const c of clauses) {
    if (c.type === V2_PROTOBUF_ACCEPT || c.type === V2_PROTOBUF) return "protobuf";
    if (c.type === "application/json" || c.type === "application/*" || c.type === "*/*") return "json";
  }
  return "json";
}

export interface OpenApiServiceOptions {
  /** Server version for info.version, e.g. "v1.35.0+skiff". */
  version: string;
  /** Definitions to use instead of dist/openapi/definitions.json (tests). */
  definitions?: DefinitionsFile;
}

export interface OpenApiDocument {
  body: Buffer;
  contentType: string;
  /** Quoted strong entity tag: `"<SHA-512 hex>"`. */
  etag: string;
}

export interface OpenApiService {
  /** /openapi/v2, as protobuf (V2_PROTOBUF) when accept prefers it, else JSON. */
  v2(accept: string): OpenApiDocument;
  /** /openapi/v3: the discovery of per-path documents with their hashes. */
  v3Index(): { body: Buffer; etag: string };
  /** /openapi/v3/<path> ("api/v1", "apis/apps/v1", "api", "apis", "version"); undefined if not served. */
  v3(path: string): OpenApiDocument | undefined;
  schemaIndex: SchemaIndex;
  /**
   * Replaces the custom resources the documents describe, with their
   * definitions in v2 form and, where they differ, v3 form (by definition
   * name). Documents and their etags change accordingly.
   */
  setCustomResources(resources: ResourceDefinition[], v2: Record<string, Schema>, v3: Record<string, Schema>): void;
}

function sha512Hex(data: string | Buffer): string {
  return createHash("sha512").update(data).digest("hex").toUpperCase();
}

function doc(body: Buffer, contentType: string): OpenApiDocument {
  return { body, contentType, etag: `"${sha512Hex(body)}"` };
}

/** What of a resource shapes its documents (hooks and printers do not). */
function resourceShape(r: ResourceDefinition): unknown {
  const subs = Object.entries(r.subresources ?? {}).map(([name, s]) => [name, s.kind, s.group, s.version, s.verbs]);
  return [r.group, r.version, r.kind, r.listKind, r.plural, r.namespaced, r.verbs, r.schema, r.hasStatus, !!r.scale, subs];
}

export function createOpenApiService(builtin: ResourceDefinition[], opts: OpenApiServiceOptions): OpenApiService {
  let builtinDefinitions: DefinitionsFile["definitions"];
  let fingerprint: string;
  if (opts.definitions) {
    builtinDefinitions = opts.definitions.definitions;
    fingerprint = sha512Hex(JSON.stringify(opts.definitions));
  } else {
    const loaded = loadDefinitions();
    builtinDefinitions = loaded.file.definitions;
    fingerprint = sha512Hex(loaded.raw);
  }
  let resources = builtin;
  let definitions = builtinDefinitions;
  // Upstream's /openapi/v2 carries no defaults for built-in fields (v3 does): custom resources keep theirs.
  let v2Definitions: Record<string, Schema> | undefined;
  const v2DefinitionsNow = () => (v2Definitions ??= { ...withoutPropertyDefaults(builtinDefinitions), ...customV2 });
  let customV2: Record<string, Schema> = {};
  let v3Forms: Record<string, Schema> = {};
  let groupVersions = servedGroupVersions(resources);

  let v2Json: OpenApiDocument | undefined;
  let v2Proto: OpenApiDocument | undefined;
  let index: { body: Buffer; etag: string } | undefined;
  const v3Cache = new Map<string, OpenApiDocument | undefined>();

  const v2Document = () => buildV2Document(resources, v2DefinitionsNow(), opts.version);

  /** A document's hash from its inputs, so the index needs no document built. */
  const v3Hash = (path: string): string => {
    const served = groupVersions.get(path) ?? (path.startsWith("apis/") ? [...groupVersions.values()].flat().filter((r) => `apis/${r.group}` === path) : []);
    const custom = served.map((r) => v3Forms[r.schema]).filter(Boolean);
    return sha512Hex(JSON.stringify([fingerprint, opts.version, path, served.map(resourceShape), custom]));
  };

  return {
    schemaIndex: createSchemaIndex(builtinDefinitions),
    setCustomResources(custom, v2, v3) {
      resources = [...builtin, ...custom];
      definitions = { ...builtinDefinitions, ...v2 };
      customV2 = v2;
      v2Definitions = undefined;
      v3Forms = v3;
      groupVersions = servedGroupVersions(resources);
      v2Json = v2Proto = index = undefined;
      v3Cache.clear();
    },
    v2(accept) {
      if (negotiateV2(accept) === "protobuf") {
        v2Proto ??= doc(encodeOpenApiV2(v2Document()), V2_PROTOBUF);
        return v2Proto;
      }
      v2Json ??= doc(Buffer.from(JSON.stringify(v2Document())), "application/json");
      return v2Json;
    },
    v3Index() {
      if (!index) {
        const paths: Record<string, { serverRelativeURL: string }> = {};
        for (const p of v3PathNames(resources)) paths[p] = { serverRelativeURL: `/openapi/v3/${p}?hash=${v3Hash(p)}` };
        const body = Buffer.from(JSON.stringify({ paths }));
        index = { body, etag: `"${sha512Hex(body)}"` };
      }
      return index;
    },
    v3(path) {
      const key = path.replace(/^\/+|\/+$/g, "");
      if (!v3Cache.has(key)) {
        const built = buildV3Document(key, resources, definitions, opts.version, v3Forms);
        v3Cache.set(key, built && { body: Buffer.from(JSON.stringify(built)), contentType: "application/json", etag: `"${v3Hash(key)}"` });
      }
      return v3Cache.get(key);
    },
  };
}
