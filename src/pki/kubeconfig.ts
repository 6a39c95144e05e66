/**
 * Kubeconfig files as kubectl reads and writes them (apiVersion v1, kind
 * Config), with credentials embedded as base64 "-data" fields:
 *
 *   apiVersion: v1
 *   kind: Config
 *   clusters:
 *   - name: skiff
 *     cluster: { server: https://127.0.0.1:6443, certificate-authority-data: LS0t... }
 *   users:
 *   - name: admin
 *     user: { client-certificate-data: LS0t..., client-key-data: LS0t... }
 *   contexts:
 *   - name: skiff
 *     context: { cluster: skiff, user: admin }
 *   current-context: skiff
 */
import { mkdir, readFile } from "node:fs/promises";
import { dirname, isAbsolute, resolve } from "node:path";
import { yaml } from "../util/lazy-yaml.js";
import { PRIVATE_FILE_MODE, writeFileAtomic } from "./files.js";

/** What writeKubeconfig embeds. Give either certPem and keyPem, or token. */
export interface KubeconfigOptions {
  /** e.g. "https://127.0.0.1:6443". */
  server: string;
  caPem: string;
  certPem?: string;
  keyPem?: string;
  token?: string;
  /** Defaults: cluster "skiff", user "admin", context "skiff". */
  clusterName?: string;
  userName?: string;
  contextName?: string;
  namespace?: string;
}

/** The connection one kubeconfig context describes, with file references resolved. */
export interface KubeconfigCredentials {
  contextName: string;
  clusterName: string;
  userName: string;
  server: string;
  namespace?: string;
  caPem?: string;
  certPem?: string;
  keyPem?: string;
  token?: string;
  insecureSkipTlsVerify: boolean;
  tlsServerName?: string;
}

/** clusters, users and contexts: each entry holds its value under its kind ("cluster", "user", "context"). */
type NamedList = Array<{ name?: string } & Record<string, unknown>>;

interface ClusterEntry {
  server?: string;
  "certificate-authority"?: string;
  "certificate-authority-data"?: string;
  "insecure-skip-tls-verify"?: boolean;
  "tls-server-name"?: string;
}

interface UserEntry {
  "client-certificate"?: string;
  "client-certificate-data"?: string;
  "client-key"?: string;
  "client-key-data"?: string;
  token?: string;
  tokenFile?: string;
}

interface ContextEntry {
  cluster?: string;
  user?: string;
  namespace?: string;
}

interface KubeconfigDocument {
  clusters?: NamedList;
  users?: NamedList;
  contexts?: NamedList;
  "current-context"?: string;
}

const b64 = (text: string) => Buffer.from(text, "utf8").toString("base64");

/** The kubeconfig YAML for opts. */
export function renderKubeconfig(opts: KubeconfigOptions): string {
  const clusterName = opts.clusterName ?? "skiff";
  const userName = opts.userName ?? "admin";
  const contextName = opts.contextName ?? "skiff";
  const user: UserEntry = {};
  if (opts.certPem !== undefined) user["client-certificate-data"] = b64(opts.certPem);
  if (opts.keyPem !== undefined) user["client-key-data"] = b64(opts.keyPem);
  if (opts.token !== undefined) user.token = opts.token;
  const context: ContextEntry = { cluster: clusterName, user: userName };
  if (opts.namespace !== undefined) context.namespace = opts.namespace;
  // Written by hand rather than through the YAML library: start-up should not pay for loading it.
  // Every value is a name, URL, token or base64 text, emitted as a JSON string (valid YAML).
  const q = (v: string) => JSON.stringify(v);
  const lines = [
    "apiVersion: v1",
    "clusters:",
    "- cluster:",
    `    certificate-authority-data: ${q(b64(opts.caPem))}`,
    `    server: ${q(opts.server)}`,
    `  name: ${q(clusterName)}`,
    "contexts:",
    "- context:",
    `    cluster: ${q(clusterName)}`,
    ...(context.namespace !== undefined ? [`    namespace: ${q(context.namespace)}`] : []),
    `    user: ${q(userName)}`,
    `  name: ${q(contextName)}`,
    `current-context: ${q(contextName)}`,
    "kind: Config",
    "preferences: {}",
    "users:",
    `- name: ${q(userName)}`,
    ...(Object.keys(user).length ? ["  user:", ...Object.entries(user).map(([k, v]) => `    ${k}: ${q(String(v))}`)] : ["  user: {}"]),
  ];
  return `${lines.join("\n")}\n`;
}

/** Writes the kubeconfig for opts to path with mode 0600, atomically. */
export async function writeKubeconfig(path: string, opts: KubeconfigOptions): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFileAtomic(path, renderKubeconfig(opts), PRIVATE_FILE_MODE);
}

/** Reads the given (default: current) context of a kubeconfig file. */
export async function readKubeconfig(path: string, opts: { context?: string } = {}): Promise<KubeconfigCredentials> {
  const text = await readFile(path, "utf8");
  return parseKubeconfig(text, { baseDir: dirname(path), context: opts.context });
}

/**
 * Resolves one context of kubeconfig text. Relative file references
 * (certificate-authority, client-certificate, client-key, tokenFile) are
 * relative to baseDir, as kubectl resolves them against the file's folder.
 */
export async function parseKubeconfig(text: string, opts: { baseDir: string; context?: string }): Promise<KubeconfigCredentials> {
  const doc = (yaml().parse(text) ?? {}) as KubeconfigDocument;
  const contextName = opts.context ?? doc["current-context"];
  if (!contextName) throw new Error("current-context is not set");
  const context = find<ContextEntry>(doc.contexts, contextName, "context");
  if (!context) throw new Error(`context was not found for specified context: ${contextName}`);
  const clusterName = context.cluster ?? "";
  const cluster = find<ClusterEntry>(doc.clusters, clusterName, "cluster");
  if (!cluster) throw new Error(`cluster "${clusterName}" not found`);
  if (!cluster.server) throw new Error(`cluster "${clusterName}" has no server`);
  const userName = context.user ?? "";
  const user = find<UserEntry>(doc.users, userName, "user") ?? {};

  const load = (data: string | undefined, file: string | undefined) => embeddedOrFile(data, file, opts.baseDir);
  const credentials: KubeconfigCredentials = {
    contextName,
    clusterName,
    userName,
    server: cluster.server,
    insecureSkipTlsVerify: cluster["insecure-skip-tls-verify"] === true,
  };
  const set = <K extends keyof KubeconfigCredentials>(key: K, value: KubeconfigCredentials[K] | undefined) => {
    if (value !== undefined) credentials[key] = value;
  };
  set("namespace", context.namespace);
  set("tlsServerName", cluster["tls-server-name"]);
  set("caPem", await load(cluster["certificate-authority-data"], cluster["certificate-authority"]));
  set("certPem", await load(user["client-certificate-data"], user["client-certificate"]));
  set("keyPem", await load(user["client-key-data"], user["client-key"]));
  set("token", user.token ?? (user.tokenFile ? (await readFile(resolvePath(user.tokenFile, opts.baseDir), "utf8")).trim() : undefined));
  return credentials;
}

function find<T>(entries: NamedList | undefined, name: string, kind: string): T | undefined {
  const entry = Array.isArray(entries) ? entries.find((e) => e.name === name) : undefined;
  return entry ? ((entry[kind] ?? {}) as T) : undefined;
}

/** "-data" wins over the file reference, as in client-go. */
async function embeddedOrFile(data: string | undefined, file: string | undefined, baseDir: string): Promise<string | undefined> {
  if (data) return Buffer.from(data, "base64").toString("utf8");
  if (file) return readFile(resolvePath(file, baseDir), "utf8");
  return undefined;
}

function resolvePath(file: string, baseDir: string): string {
  return isAbsolute(file) ? file : resolve(baseDir, file);
}
