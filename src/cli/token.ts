/**
 * `skiff token create|list|delete`: bootstrap tokens, as `kubeadm token`
 * manages them (Secrets bootstrap-token-<id> in kube-system), against a
 * running cluster through its admin kubeconfig. `create` prints the
 * command that joins a node with the new token.
 */
import { isApiError } from "../api/errors.js";
import type { KubeObject } from "../api/types.js";
import { createClientFromKubeconfig } from "../client/http-transport.js";
import { SECRETS } from "../client/resources.js";
import type { Client } from "../client/types.js";
import {
  BOOTSTRAP_TOKEN_SECRET_TYPE,
  BOOTSTRAP_USAGES,
  KUBEADM_DEFAULT_NODE_TOKEN_GROUP,
  bootstrapGroupError,
  bootstrapTokenSecret,
  bootstrapTokenSecretName,
  caCertHash,
  formatBootstrapToken,
  generateBootstrapToken,
  parseBootstrapToken,
  readBootstrapTokenSecret,
  readKubeconfig,
  shortHumanDuration,
  TOKEN_ID_PATTERN,
  type BootstrapTokenInfo,
  type BootstrapUsage,
} from "../pki/index.js";
import { realClock } from "../util/clock.js";
import { kubeconfigPath } from "./cluster-access.js";
import { FlagError, parseDuration, type FlagSpec, type FlagValues } from "./flags.js";

export const tokenFlags: FlagSpec[] = [
  { name: "kubeconfig", kind: "string", usage: "Path to the admin kubeconfig ($KUBECONFIG, else DIR/kubeconfig of the local cluster)" },
  { name: "data-dir", kind: "string", usage: "The local cluster's data directory, for its kubeconfig ($SKIFF_DATA_DIR, else ~/.skiff)" },
  { name: "ttl", kind: "duration", default: "24h0m0s", usage: "create: the duration before the token is automatically deleted (e.g. 1s, 2m, 3h); '0' means the token never expires" },
  { name: "description", kind: "string", usage: "create: a human friendly description of how this token is used" },
  { name: "usages", kind: "stringArray", default: ["signing", "authentication"], usage: `create: ways this token can be used (${BOOTSTRAP_USAGES.join(", ")})` },
  { name: "groups", kind: "stringArray", default: [KUBEADM_DEFAULT_NODE_TOKEN_GROUP], usage: "create: extra groups this token will authenticate as when used for authentication; must match system:bootstrappers:[a-z0-9:-]{0,255}[a-z0-9]" },
  { name: "print-join-command", kind: "bool", default: true, usage: "create: print the whole `skiff agent` command that joins a node with the token; false prints the token only" },
];

export async function runToken(values: FlagValues, positional: string[]): Promise<number> {
  const [sub, ...args] = positional;
  if (sub === undefined) throw new FlagError("a subcommand is required: create, list or delete");
  const kubeconfig = kubeconfigPath(values);
  switch (sub) {
    case "create": {
      if (args.length > 1) throw new FlagError(`unexpected argument "${args[1]}"`);
      const out = await createToken(kubeconfig, values, args[0]);
      process.stdout.write(`${out}\n`);
      return 0;
    }
    case "list": {
      if (args.length) throw new FlagError(`unexpected argument "${args[0]}"`);
      const client = await createClientFromKubeconfig(kubeconfig, { identity: "skiff-token" });
      process.stdout.write(tokenTable(await listTokens(client), realClock.now()));
      return 0;
    }
    case "delete": {
      if (!args.length) throw new FlagError("missing argument; 'token delete' is missing token of form \"[a-z0-9]{6}\" or \"[a-z0-9]{6}\\.[a-z0-9]{16}\"");
      const client = await createClientFromKubeconfig(kubeconfig, { identity: "skiff-token" });
      for (const arg of args) {
        const id = parseBootstrapToken(arg)?.id ?? (TOKEN_ID_PATTERN.test(arg) ? arg : undefined);
        if (!id) throw new FlagError(`given token didn't match pattern "[a-z0-9]{6}" or "[a-z0-9]{6}\\.[a-z0-9]{16}"`);
        try {
          await client.delete(SECRETS, "kube-system", bootstrapTokenSecretName(id));
        } catch (err) {
          if (isApiError(err, "NotFound")) throw new Error(`failed to delete bootstrap token "${id}": secrets "${bootstrapTokenSecretName(id)}" not found`);
          throw err;
        }
        process.stdout.write(`bootstrap token "${id}" deleted\n`);
      }
      return 0;
    }
    default:
      throw new FlagError(`unknown command "${sub}" for "skiff token"`);
  }
}

const splitList = (v: unknown) => (v as string[]).flatMap((s) => s.split(",")).map((s) => s.trim()).filter(Boolean);

/** Creates the token Secret; returns the join command (or the token alone). */
async function createToken(kubeconfig: string, values: FlagValues, given?: string): Promise<string> {
  const token = given === undefined ? generateBootstrapToken() : parseBootstrapToken(given);
  if (!token) throw new FlagError(`the bootstrap token "${given}" was not of the form "^([a-z0-9]{6})\\.([a-z0-9]{16})$"`);
  const usages = splitList(values.usages);
  for (const u of usages) if (!(BOOTSTRAP_USAGES as readonly string[]).includes(u)) throw new FlagError(`invalid bootstrap token usage string: ${u}, valid usage options: ${BOOTSTRAP_USAGES.join(",")}`);
  const groups = splitList(values.groups);
  for (const g of groups) {
    const why = bootstrapGroupError(g);
    if (why) throw new FlagError(why);
  }
  if (groups.length && !usages.includes("authentication")) throw new FlagError("token groups cannot be specified unless --usages includes \"authentication\"");
  const ttlMs = parseDuration(String(values.ttl));
  const creds = await readKubeconfig(kubeconfig);
  const client = await createClientFromKubeconfig(kubeconfig, { identity: "skiff-token" });
  const secret = bootstrapTokenSecret({
    ...token,
    usages: usages as BootstrapUsage[],
    extraGroups: groups,
    description: values.description === undefined ? undefined : String(values.description),
    expiration: ttlMs > 0 ? new Date(realClock.now() + ttlMs) : undefined,
  });
  try {
    await client.create(SECRETS, "kube-system", secret as KubeObject);
  } catch (err) {
    if (isApiError(err, "AlreadyExists")) throw new Error(`a token with id "${token.id}" already exists`);
    throw err;
  }
  const text = formatBootstrapToken(token);
  if (values["print-join-command"] === false) return text;
  if (!creds.caPem) throw new Error(`${kubeconfig} has no certificate-authority data: cannot compute --ca-cert-hash`);
  return `skiff agent --server ${creds.server} --token ${text} --ca-cert-hash ${caCertHash(creds.caPem)}`;
}

async function listTokens(client: Client): Promise<BootstrapTokenInfo[]> {
  const list = await client.list<KubeObject & { type?: string; data?: Record<string, string> }>(SECRETS, { namespace: "kube-system", fieldSelector: `type=${BOOTSTRAP_TOKEN_SECRET_TYPE}` });
  return list.items.flatMap((s) => readBootstrapTokenSecret(s) ?? []);
}

/** kubeadm's `token list` table (Go tabwriter: min width 10, padding 3; every cell but the last is padded, even before an empty last one). */
export function tokenTable(tokens: readonly BootstrapTokenInfo[], now: number): string {
  const rows = [["TOKEN", "TTL", "EXPIRES", "USAGES", "DESCRIPTION", "EXTRA GROUPS"]];
  for (const t of tokens) {
    const exp = t.expiration;
    rows.push([
      formatBootstrapToken(t),
      exp ? shortHumanDuration(exp.getTime() - now) : "<forever>",
      exp ? exp.toISOString().replace(/\.\d{3}Z$/, "Z") : "<never>",
      [...t.usages].sort().join(","),
      t.description || "<none>",
      t.extraGroups.join(","),
    ]);
  }
  const widths = rows[0].map((_, i) => Math.max(10, ...rows.map((r) => r[i].length + 3)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join("")).join("\n") + "\n";
}
