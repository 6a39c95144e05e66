/**
 * Reads upstream's EncryptionConfiguration (apiserver.config.k8s.io/v1,
 * YAML or JSON), validates it with upstream's messages and builds one
 * transformer per configured resource.
 *
 * Example:
 *   apiVersion: apiserver.config.k8s.io/v1
 *   kind: EncryptionConfiguration
 *   resources:
 *   - resources: [secrets]
 *     providers:                 # the first encrypts; all of them decrypt
 *     - aescbc:
 *         keys:
 *         - {name: key1, secret: <32 random bytes, base64>}
 *     - identity: {}             # still reads values written before encryption
 */
import { readFile } from "node:fs/promises";
import { parse as parseYaml } from "yaml";
import { fieldErrors, fieldErrorMessage, FieldPath, type FieldError } from "../../api/validation/field.js";
import { aesCBC, aesGCM, secretbox } from "./ciphers.js";
import { byteTransformer, identityTransformer, prefixTransformers, type ByteCipher, type PrefixTransformer, type TransformationObserver, type Transformer } from "./transformer.js";

export interface EncryptionKey {
  name: string;
  secret: string;
}

export interface ProviderConfiguration {
  aescbc?: { keys?: EncryptionKey[] };
  aesgcm?: { keys?: EncryptionKey[] };
  secretbox?: { keys?: EncryptionKey[] };
  identity?: Record<string, never>;
  kms?: unknown;
}

export interface ResourceConfiguration {
  resources: string[];
  providers: ProviderConfiguration[];
}

export interface EncryptionConfiguration {
  resources: ResourceConfiguration[];
}

/** A group and resource as the configuration names them ("secrets", "*.apps", "*.*"). */
export interface GroupResource {
  group: string;
  resource: string;
}

/** Upstream's schema.ParseGroupResource: "deployments.apps" -> {group: "apps", resource: "deployments"}. */
export function parseGroupResource(text: string): GroupResource {
  const dot = text.indexOf(".");
  return dot < 0 ? { group: "", resource: text } : { group: text.slice(dot + 1), resource: text.slice(0, dot) };
}

function grString(gr: GroupResource): string {
  if (gr.group === "" && gr.resource === "*") return "*.";
  return gr.group ? `${gr.resource}.${gr.group}` : gr.resource;
}

const grKey = (group: string, resource: string) => `${resource}.${group}`;

export class EncryptionConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EncryptionConfigError";
  }
}

/** The file's text -> a validated configuration; throws EncryptionConfigError with upstream's wording. */
export function parseEncryptionConfiguration(text: string, file: string): EncryptionConfiguration {
  if (!text.length) throw new EncryptionConfigError(`encryption provider configuration file "${file}" is empty`);
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (err) {
    throw new EncryptionConfigError(`error decoding encryption provider configuration file "${file}": ${(err as Error).message}`);
  }
  const decodeError = (msg: string) => new EncryptionConfigError(`error decoding encryption provider configuration file "${file}": ${msg}`);
  if (!isObject(doc)) throw decodeError("the document is not an object");
  if (doc.apiVersion === undefined || doc.kind === undefined) throw decodeError(`Object 'Kind' is missing in '${text.trim().slice(0, 200)}'`);
  // v1 EncryptionConfig is accepted too, as upstream does for an old documentation mistake.
  const known = (doc.apiVersion === "apiserver.config.k8s.io/v1" && doc.kind === "EncryptionConfiguration") || (doc.apiVersion === "v1" && doc.kind === "EncryptionConfig");
  if (!known) throw new EncryptionConfigError(`got unexpected config type: ${goGroupVersionKind(String(doc.apiVersion), String(doc.kind))}`);
  const config = decodeConfiguration(doc, decodeError);
  const errs = validateEncryptionConfiguration(config);
  if (errs.length) throw new EncryptionConfigError(aggregate(errs.map(fieldErrorMessage)));
  return config;
}

/** schema.GroupVersionKind's String(): "apps/v1, Kind=Deployment", "/v1, Kind=Pod". */
function goGroupVersionKind(apiVersion: string, kind: string): string {
  const slash = apiVersion.indexOf("/");
  return slash < 0 ? `/${apiVersion}, Kind=${kind}` : `${apiVersion}, Kind=${kind}`;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Shape checks only (a YAML list where a list belongs, strings where strings belong). */
function decodeConfiguration(doc: Record<string, unknown>, fail: (msg: string) => Error): EncryptionConfiguration {
  const list = (v: unknown, where: string): unknown[] => {
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) throw fail(`${where}: expected an array, got ${JSON.stringify(v)}`);
    return v;
  };
  const str = (v: unknown, where: string): string => {
    if (v === undefined || v === null) return "";
    if (typeof v !== "string") throw fail(`${where}: expected a string, got ${JSON.stringify(v)}`);
    return v;
  };
  const keys = (v: unknown, where: string) => {
    if (!isObject(v)) throw fail(`${where}: expected an object`);
    return { keys: list(v.keys, `${where}.keys`).map((k, i) => (isObject(k) ? { name: str(k.name, `${where}.keys[${i}].name`), secret: str(k.secret, `${where}.keys[${i}].secret`) } : fail(`${where}.keys[${i}]: expected an object`)) as EncryptionKey) };
  };
  return {
    resources: list(doc.resources, "resources").map((r, i) => {
      if (!isObject(r)) throw fail(`resources[${i}]: expected an object`);
      return {
        resources: list(r.resources, `resources[${i}].resources`).map((s, j) => str(s, `resources[${i}].resources[${j}]`)),
        providers: list(r.providers, `resources[${i}].providers`).map((p, j) => {
          const where = `resources[${i}].providers[${j}]`;
          if (!isObject(p)) throw fail(`${where}: expected an object`);
          const out: ProviderConfiguration = {};
          if (p.aescbc != null) out.aescbc = keys(p.aescbc, `${where}.aescbc`);
          if (p.aesgcm != null) out.aesgcm = keys(p.aesgcm, `${where}.aesgcm`);
          if (p.secretbox != null) out.secretbox = keys(p.secretbox, `${where}.secretbox`);
          if (p.identity != null) out.identity = {};
          if (p.kms != null) out.kms = p.kms;
          return out;
        }),
      };
    }),
  };
}

const AES_KEY_SIZES = [16, 24, 32];
const SECRETBOX_KEY_SIZES = [32];
const NON_REST_RESOURCES = new Set(["apiserveripinfo", "serviceipallocations", "servicenodeportallocations"]);

/** Upstream's ValidateEncryptionConfiguration (without reload), KMS refused: Skiff has no KMS plugins. */
export function validateEncryptionConfiguration(c: EncryptionConfiguration): FieldError[] {
  const root = FieldPath.root("resources");
  if (!c.resources.length) return [fieldErrors.required(root, "at least one resources is required")];
  const errs: FieldError[] = [];
  c.resources.forEach((conf, i) => {
    const r = root.index(i).child("resources");
    const p = root.index(i).child("providers");
    if (!conf.resources.length) errs.push(fieldErrors.required(r, `at least one ${r} is required`));
    errs.push(...validateResourceOverlap(conf.resources, r), ...validateResourceNames(conf.resources, r));
    if (!conf.providers.length) errs.push(fieldErrors.required(p, `at least one ${p} is required`));
    conf.providers.forEach((provider, j) => {
      const at = p.index(j);
      const set = (["kms", "aesgcm", "aescbc", "secretbox", "identity"] as const).filter((k) => provider[k] !== undefined);
      if (set.length === 0) return void errs.push(fieldErrors.invalid(at, provider, "provider does not contain any of the expected providers: KMS, AESGCM, AESCBC, Secretbox, Identity"));
      if (set.length > 1) return void errs.push(fieldErrors.invalid(at, provider, "more than one provider specified in a single element, should split into different list elements"));
      if (provider.kms !== undefined) errs.push(fieldErrors.invalid(at.child("kms"), "", "KMS providers are not supported by Skiff; use aescbc, aesgcm or secretbox"));
      if (provider.aesgcm) errs.push(...validateKeys(provider.aesgcm.keys ?? [], at.child("aesgcm", "keys"), AES_KEY_SIZES));
      if (provider.aescbc) errs.push(...validateKeys(provider.aescbc.keys ?? [], at.child("aescbc", "keys"), AES_KEY_SIZES));
      if (provider.secretbox) errs.push(...validateKeys(provider.secretbox.keys ?? [], at.child("secretbox", "keys"), SECRETBOX_KEY_SIZES));
    });
  });
  return errs;
}

function validateResourceOverlap(resources: string[], at: FieldPath): FieldError[] {
  if (resources.length < 2) return [];
  const grs = resources.map(parseGroupResource);
  let overlap = false;
  let duplicate = false;
  grs.forEach((a, i) =>
    grs.forEach((b, j) => {
      if (i === j) return;
      if (a.group === b.group && a.resource === b.resource && !duplicate) return void (duplicate = true);
      if (overlap) return;
      if (a.group === "*" && a.resource === "*") return void (overlap = true);
      if (a.group !== b.group) return;
      if (a.resource === "*" || b.resource === "*") overlap = true;
    }),
  );
  const errs: FieldError[] = [];
  if (duplicate) errs.push(fieldErrors.invalid(at, resources, "the same resource cannot be specified multiple times"));
  if (overlap) errs.push(fieldErrors.invalid(at, resources, "using overlapping resources such as 'secrets' and '*.' in the same resource list is not allowed as they will be masked"));
  return errs;
}

function validateResourceNames(resources: string[], at: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  resources.forEach((res, j) => {
    const here = at.index(j);
    const gr = parseGroupResource(res);
    let detail: string | undefined;
    if (res.toLowerCase() !== res) detail = "resource name should not contain capital letters";
    else if (res === "*") detail = "use '*.' to encrypt all the resources from core API group or *.* to encrypt all resources";
    else if (NON_REST_RESOURCES.has(res)) detail = "resources which do not have REST API/s cannot be encrypted";
    else if (gr.group === "events.k8s.io") detail = "'*.events.k8s.io' objects are stored using the 'events' API group in etcd. Use 'events' instead in the config file";
    else if (gr.group === "extensions") detail = "'extensions' group has been removed and cannot be used for encryption";
    else if (gr.group === "*" && gr.resource !== "*") detail = "encrypting the same resource across groups is not supported";
    if (detail) errs.push(fieldErrors.invalid(here, res, detail));
  });
  return errs;
}

function validateKeys(keys: EncryptionKey[], at: FieldPath, sizes: number[]): FieldError[] {
  if (!keys.length) return [fieldErrors.required(at, "at least one keys is required")];
  const errs: FieldError[] = [];
  keys.forEach((key, i) => {
    const here = at.index(i);
    if (!key.name) errs.push(fieldErrors.required(here.child("name"), "name is a mandatory field for a key"));
    if (!key.secret) return void errs.push(fieldErrors.required(here.child("secret"), "secret is a mandatory field for a key"));
    const secret = decodeBase64(key.secret);
    if (!secret) return void errs.push(fieldErrors.invalid(here.child("secret"), "REDACTED", "secrets must be base64 encoded"));
    if (!sizes.includes(secret.length)) {
      errs.push(fieldErrors.invalid(here.child("secret"), "REDACTED", `secret is not of the expected length, got ${secret.length}, expected one of [${sizes.join(" ")}]`));
    }
  });
  return errs;
}

/** Strict standard base64 (Go's base64.StdEncoding): Buffer.from alone would accept anything. */
function decodeBase64(text: string): Buffer | undefined {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) return undefined;
  return Buffer.from(text, "base64");
}

function aggregate(messages: string[]): string {
  const unique = [...new Set(messages)];
  return unique.length === 1 ? unique[0]! : `[${unique.join(", ")}]`;
}

/** Which transformer applies to a resource: exact, then its group's "*", then "*.*"; none means plaintext. */
export interface ResourceTransformers {
  transformerFor(group: string, resource: string): Transformer | undefined;
}

/** Builds the transformers of a validated configuration; a resource masked by an earlier wildcard is an error, as upstream. */
export function buildResourceTransformers(config: EncryptionConfiguration, observe?: TransformationObserver): ResourceTransformers {
  const byResource = new Map<string, PrefixTransformer[]>();
  for (const conf of config.resources) {
    const providers = conf.providers.map(providerTransformer);
    for (const res of conf.resources) {
      const gr = parseGroupResource(res);
      for (const mask of [{ group: gr.group, resource: "*" }, { group: "*", resource: "*" }]) {
        if (byResource.has(grKey(mask.group, mask.resource))) {
          throw new EncryptionConfigError(`resource "${grString(gr)}" is masked by earlier rule "${grString(mask)}"`);
        }
      }
      const k = grKey(gr.group, gr.resource);
      byResource.set(k, [...(byResource.get(k) ?? []), ...providers]);
    }
  }
  const transformers = new Map<string, Transformer>();
  for (const [k, list] of byResource) transformers.set(k, prefixTransformers(list, "no matching prefix found", observe));
  return {
    transformerFor: (group, resource) => transformers.get(grKey(group, resource)) ?? transformers.get(grKey(group, "*")) ?? transformers.get(grKey("*", "*")),
  };

  function providerTransformer(p: ProviderConfiguration): PrefixTransformer {
    if (p.aescbc) return keyed("k8s:enc:aescbc:v1:", p.aescbc.keys!, aesCBC, "no matching key was found for the provided AES transformer");
    if (p.aesgcm) return keyed("k8s:enc:aesgcm:v1:", p.aesgcm.keys!, aesGCM, "no matching key was found for the provided AES transformer");
    if (p.secretbox) return keyed("k8s:enc:secretbox:v1:", p.secretbox.keys!, secretbox, "no matching key was found for the provided Secretbox transformer");
    return { prefix: "", transformer: identityTransformer };
  }

  function keyed(prefix: string, keys: EncryptionKey[], cipher: (key: Buffer) => ByteCipher, noMatch: string): PrefixTransformer {
    const perKey = keys.map((k) => ({ prefix: `${k.name}:`, transformer: byteTransformer(cipher(Buffer.from(k.secret, "base64"))) }));
    return { prefix, transformer: prefixTransformers(perKey, noMatch, observe) };
  }
}

/** Reads, validates and builds the configuration at path (once, at start-up). */
export async function loadEncryptionConfig(file: string, observe?: TransformationObserver): Promise<ResourceTransformers> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    throw new EncryptionConfigError(`error opening encryption provider configuration file "${file}": ${(err as Error).message}`);
  }
  return buildResourceTransformers(parseEncryptionConfiguration(text, file), observe);
}
