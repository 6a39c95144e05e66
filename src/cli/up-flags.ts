/**
 * The flags of `skiff up` and `skiff server`, each with its check, and the
 * checks that span flags: all run before anything is written, so bad input
 * fails at once with the flag named and leaves the data directory alone.
 */
import { isValidIP } from "../api/validation/core-ip.js";
import { parseQuantity } from "../api/validation/core-quantity.js";
import { validateResourceName } from "../api/validation/core-common.js";
import { parseCIDR } from "../controllers/node-ipam/cidr-set.js";
import { FlagError, parseDuration, type FlagSpec, type FlagValues } from "./flags.js";
import { enabledPluginNames } from "../apiserver/admission/plugins.js";
import { parseAuthorizationModes } from "../apiserver/authz/modes.js";

const oneOf = (...allowed: string[]) => (v: string | number) => (allowed.includes(String(v)) ? undefined : `must be one of ${allowed.join(", ")}`);
const atLeast = (min: number) => (v: string | number) => (Number(v) >= min ? undefined : `must be ${min} or more`);
const between = (min: number, max: number) => (v: string | number) => (Number(v) >= min && Number(v) <= max ? undefined : `must be between ${min} and ${max}, inclusive`);
const positiveDuration = (v: string | number) => (parseDuration(String(v)) > 0 ? undefined : "must be greater than 0");
const authorizationModes = (v: string | number) => {
  try {
    parseAuthorizationModes(String(v));
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
};
const ipv4CIDR = (v: string | number) => (parseCIDR(String(v)) ? undefined : `invalid CIDR address: ${v}`);

function portRange(v: string | number): string | undefined {
  const m = /^(\d+)-(\d+)$/.exec(String(v));
  if (!m) return `unable to parse port range: ${v}`;
  const [lo, hi] = [Number(m[1]), Number(m[2])];
  if (lo < 1 || hi > 65535 || lo > hi) return `invalid port range: ${v}`;
  return undefined;
}

/** "cpu=4,memory=16Gi,pods=110" -> { cpu: "4", ... }; throws with the entry at fault. */
export function parseCapacity(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of text.split(",").filter(Boolean)) {
    const eq = pair.indexOf("=");
    const [k, v] = eq < 0 ? [pair, ""] : [pair.slice(0, eq).trim(), pair.slice(eq + 1).trim()];
    if (!k || !v) throw new FlagError(`${pair}: want resource=quantity`);
    const nameErr = validateResourceName(k, "capacity")[0];
    if (nameErr) throw new FlagError(`${pair}: ${nameErr.detail}`);
    try {
      if (parseQuantity(v).sign() < 0) throw new FlagError("must be greater than or equal to 0");
    } catch (err) {
      throw new FlagError(`${pair}: ${(err as Error).message}`);
    }
    out[k] = v;
  }
  return out;
}

const capacityCheck = (v: string | number) => {
  try {
    parseCapacity(String(v));
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
};

export const controlPlaneFlags: FlagSpec[] = [
  { name: "data-dir", kind: "string", usage: "Directory for the store, certificates and kubeconfig ($SKIFF_DATA_DIR, else ~/.skiff)" },
  { name: "port", kind: "int", default: 6443, usage: "HTTPS port of the API server (0 picks a free port)", check: between(0, 65535) },
  { name: "bind-address", kind: "string", default: "127.0.0.1", usage: "Address the API server listens on", check: (v) => (isValidIP(String(v)) ? undefined : "must be an IP address") },
  { name: "storage", kind: "string", default: "sqlite", usage: "Store backend: sqlite, memory or etcd", check: oneOf("sqlite", "memory", "etcd") },
  { name: "etcd-endpoints", kind: "stringArray", default: [], usage: "etcd client URLs, with --storage etcd" },
  { name: "cluster-cidr", kind: "string", default: "10.244.0.0/16", usage: "CIDR range of pod IPs (IPv4)", check: ipv4CIDR },
  { name: "service-cidr", kind: "string", default: "10.96.0.0/12", usage: "CIDR range of service cluster IPs (IPv4)", check: ipv4CIDR },
  { name: "cluster-domain", kind: "string", default: "cluster.local", usage: "Domain of the cluster: the cluster DNS serves it and kubelets put it in pods' search paths", check: (v) => (/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(String(v)) ? undefined : "must be a DNS domain") },
  { name: "cluster-dns-port", kind: "int", default: 0, usage: "UDP and TCP port of the cluster DNS server on --bind-address (0 picks a free port; written to DIR/ports.json)", check: between(0, 65535) },
  { name: "service-node-port-range", kind: "string", default: "30000-32767", usage: "Port range reserved for NodePort services", check: portRange },
  { name: "etcd-compaction-interval", kind: "duration", default: "5m0s", usage: "The interval of compaction requests; 0 disables compaction" },
  { name: "enable-admission-plugins", kind: "stringArray", default: [], usage: "Admission plugins to enable besides the default ones (every plugin Skiff has is on by default)" },
  { name: "disable-admission-plugins", kind: "stringArray", default: [], usage: "Admission plugins to disable; the order of the rest is upstream's whatever the flags say" },
  { name: "v", kind: "int", default: 0, usage: "Log verbosity", check: atLeast(0) },
  { name: "encryption-provider-config", kind: "string", usage: "The file containing configuration for encryption providers to be used for storing secrets in the store (read at start-up)" },
  { name: "audit-policy-file", kind: "string", usage: "Path to the file that defines the audit policy configuration." },
  { name: "audit-log-path", kind: "string", usage: "If set, all requests coming to the apiserver will be logged to this file.  '-' means standard out." },
  { name: "audit-log-maxage", kind: "int", default: 0, usage: "The maximum number of days to retain old audit log files based on the timestamp encoded in their filename." },
  { name: "audit-log-maxbackup", kind: "int", default: 0, usage: "The maximum number of old audit log files to retain. Setting a value of 0 will mean there's no restriction on the number of files." },
  { name: "audit-log-maxsize", kind: "int", default: 0, usage: "The maximum size in megabytes of the audit log file before it gets rotated." },
  { name: "audit-log-format", kind: "string", default: "json", usage: 'Format of saved audits. "legacy" indicates 1-line text format for each event. "json" indicates structured json format. Known formats are legacy,json.' },
  { name: "anonymous-auth", kind: "bool", default: true, usage: "Requests without credentials are system:anonymous (false: they are refused with 401)" },
  { name: "token-auth-file", kind: "string", usage: "File of static bearer tokens, CSV lines: token,user,uid,\"group1,group2\"" },
  { name: "service-account-issuer", kind: "string", default: "https://kubernetes.default.svc.cluster.local", usage: "Issuer (iss) of the service account tokens the API server issues and accepts", check: (v) => (String(v) ? undefined : "must not be empty") },
  { name: "authorization-mode", kind: "string", default: "Node,RBAC", usage: "Ordered list of authorization plug-ins: AlwaysAllow, AlwaysDeny, Node, RBAC", check: authorizationModes },
];

export const controllerFlags: FlagSpec[] = [
  { name: "node-cidr-mask-size", kind: "int", default: 24, usage: "Mask size of the podCIDR carved for each node from --cluster-cidr", check: between(1, 32) },
  { name: "node-monitor-grace-period", kind: "duration", default: "40s", usage: "How long a node may be silent before it is marked Unknown", check: positiveDuration },
  { name: "node-monitor-period", kind: "duration", default: "5s", usage: "How often the node lifecycle controller checks nodes", check: positiveDuration },
  { name: "cluster-signing-duration", kind: "duration", default: "8760h0m0s", usage: "The max length of duration signed certificates will be given; a CSR's spec.expirationSeconds may ask for less", check: positiveDuration },
  { name: "controllers", kind: "stringArray", default: ["*"], usage: "Controllers to run: '*' for all, 'foo' to enable, '-foo' to disable" },
  { name: "controller-manager-secure-port", kind: "int", default: 10257, usage: "HTTPS port of the controller manager's /metrics and /healthz, on --bind-address (0 disables)", check: between(0, 65535) },
  { name: "scheduler-secure-port", kind: "int", default: 10259, usage: "HTTPS port of the scheduler's /metrics and /healthz, on --bind-address (0 disables)", check: between(0, 65535) },
];

export const nodeFlags: FlagSpec[] = [
  { name: "nodes", kind: "int", default: 1, usage: "Number of local nodes", check: atLeast(0) },
  { name: "runtime", kind: "string", default: "sim", usage: "Container runtime of the local nodes: sim (cri is not available yet)", check: (v) => (v === "sim" ? undefined : v === "cri" ? "cri is not available in this build; use sim" : "must be sim") },
  { name: "node-capacity", kind: "string", default: "cpu=4,memory=16Gi,pods=110", usage: "Capacity of each local node, as resource=quantity pairs", check: capacityCheck },
  { name: "pleg-threshold", kind: "duration", default: "3m0s", usage: "How long PLEG may go without a successful relist before the node is NotReady", check: positiveDuration },
  { name: "node-status-update-frequency", kind: "duration", default: "10s", usage: "How often each kubelet computes node status", check: positiveDuration },
  { name: "node-lease-duration-seconds", kind: "int", default: 40, usage: "Duration of each node's Lease; kubelets renew it every quarter of that", check: atLeast(1) },
  { name: "kube-proxy-port", kind: "int", default: 10256, usage: "Port of the nodes' kube-proxy /healthz, /livez and /metrics on loopback (0: any free port)", check: between(0, 65535) },
  { name: "kubelet-port", kind: "int", default: 10250, usage: "Port of the first node's kubelet API on loopback; each further node takes the next free port (0: any free port)", check: between(0, 65535) },
];

/** Checks that span flags (as kube-apiserver and kube-controller-manager do at start-up). */
export function checkFlagCombinations(values: FlagValues): void {
  try {
    enabledPluginNames({ enable: values["enable-admission-plugins"] as string[] | undefined, disable: values["disable-admission-plugins"] as string[] | undefined });
  } catch (err) {
    throw new FlagError((err as Error).message);
  }
  if (values.storage === "etcd" && (values["etcd-endpoints"] as string[]).length === 0) throw new FlagError("--etcd-endpoints must be set with --storage etcd");
  checkAuditLogFlags(values);
  const cluster = parseCIDR(String(values["cluster-cidr"]));
  const mask = values["node-cidr-mask-size"];
  if (cluster && mask !== undefined && Number(mask) < cluster.prefix) {
    throw new FlagError(`invalid --node-cidr-mask-size ${mask}: the mask size of --cluster-cidr ${values["cluster-cidr"]} must be less than or equal to it`);
  }
}

/** The audit log's checks, worded as kube-apiserver's (they apply once --audit-log-path is set). */
function checkAuditLogFlags(values: FlagValues): void {
  if (!values["audit-log-path"]) return;
  const format = String(values["audit-log-format"] ?? "json");
  if (format !== "json" && format !== "legacy") throw new FlagError(`invalid audit log format ${format}, allowed formats are "legacy,json"`);
  for (const name of ["audit-log-maxage", "audit-log-maxbackup", "audit-log-maxsize"]) {
    if (Number(values[name] ?? 0) < 0) throw new FlagError(`--${name} ${values[name]} can't be a negative number`);
  }
}
