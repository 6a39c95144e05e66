/**
 * `skiff certs check-expiration` and `skiff certs renew <name|all>`, as
 * kubeadm's. check-expiration covers every certificate the cluster issues
 * or trusts: the files in DIR/pki (and a local agent's DIR/agent/pki),
 * and, when the cluster answers through DIR/kubeconfig, kubelet client
 * certificates issued from CSRs, webhook/APIService/CRD conversion
 * caBundles and kubernetes.io/tls Secrets. renew reissues leaves of
 * DIR/pki from the CA that issued them.
 */
import { X509Certificate } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { createClientFromKubeconfig } from "../client/http-transport.js";
import { certificateExpirations, formatExpiry, readKubeconfig, renewableCertificates, renewCertificate, shortHumanDuration, writeKubeconfig, type CertificateExpiration } from "../pki/index.js";
import { realClock } from "../util/clock.js";
import { clusterCertificates, type FoundCertificate } from "./certs-cluster.js";
import { defaultDataDir } from "./control-plane.js";
import { FlagError, type FlagSpec, type FlagValues } from "./flags.js";

export const certsFlags: FlagSpec[] = [
  { name: "data-dir", kind: "string", usage: "The cluster's data directory ($SKIFF_DATA_DIR, else ~/.skiff)" },
  { name: "kubeconfig", kind: "string", usage: "check-expiration: the admin kubeconfig to read the cluster's certificates through (default DIR/kubeconfig)" },
];

/** kubeadm's descriptions of the certificates it renews; others are named by file. */
const RENEW_DESCRIPTIONS: Record<string, string> = {
  admin: "certificate embedded in the kubeconfig file for the admin to use and for skiff itself",
  apiserver: "certificate for serving the Kubernetes API",
  "apiserver-kubelet-client": "certificate for the API server to connect to kubelet",
  "front-proxy-client": "certificate for the front proxy client",
};

interface Row {
  name: string;
  notAfter: Date;
  authority: string;
  external: boolean;
  isCA: boolean;
}

export async function runCerts(values: FlagValues, positional: string[]): Promise<number> {
  const [sub, ...args] = positional;
  if (sub === undefined) throw new FlagError(`a subcommand is required: check-expiration or renew`);
  const dataDir = path.resolve(String(values["data-dir"] ?? defaultDataDir()));
  const pkiDir = path.join(dataDir, "pki");
  if (sub === "check-expiration") {
    if (args.length) throw new FlagError(`unexpected argument "${args[0]}"`);
    await checkExpiration(dataDir, pkiDir, String(values.kubeconfig ?? path.join(dataDir, "kubeconfig")));
    return 0;
  }
  if (sub === "renew") return renew(dataDir, pkiDir, args);
  throw new FlagError(`unknown command "${sub}" for "skiff certs"`);
}

async function checkExpiration(dataDir: string, pkiDir: string, kubeconfig: string): Promise<void> {
  const now = realClock.now();
  const local = await certificateExpirations(pkiDir, realClock);
  const renewable = new Set((await renewableCertificates(pkiDir)).map((r) => r.name));
  const rows: Row[] = local.map((c) => ({ name: c.name, notAfter: c.notAfter, authority: c.authority ?? "", external: !c.isCA && !renewable.has(c.name), isCA: c.isCA }));
  const agentPki = path.join(dataDir, "agent", "pki");
  if (existsSync(agentPki)) rows.push(...(await certificateExpirations(agentPki, realClock)).filter((c) => !c.isCA).map((c: CertificateExpiration) => ({ name: `agent/${c.name}`, notAfter: c.notAfter, authority: c.authority ?? "", external: true, isCA: false })));
  const cas = local.filter((c) => c.isCA).map((c) => ({ name: c.name, cert: new X509Certificate(certPemOf(pkiDir, c.name)) }));
  if (existsSync(kubeconfig)) {
    try {
      const client = await createClientFromKubeconfig(kubeconfig, { identity: "skiff-certs" });
      for (const f of await clusterCertificates(client)) rows.push(rowOf(f, cas));
    } catch (err) {
      process.stderr.write(`W: cannot read the cluster's certificates through ${kubeconfig} (${(err as Error).message}); listing ${pkiDir} only\n`);
    }
  }
  const leaves = rows.filter((r) => !r.isCA).map((r) => [r.name, formatExpiry(r.notAfter), shortHumanDuration(r.notAfter.getTime() - now), r.authority, r.external ? "yes" : "no"]);
  const authorities = rows.filter((r) => r.isCA).map((r) => [r.name, formatExpiry(r.notAfter), shortHumanDuration(r.notAfter.getTime() - now), r.external ? "yes" : "no"]);
  process.stdout.write(`${table([["CERTIFICATE", "EXPIRES", "RESIDUAL TIME", "CERTIFICATE AUTHORITY", "EXTERNALLY MANAGED"], ...leaves])}\n`);
  process.stdout.write(table([["CERTIFICATE AUTHORITY", "EXPIRES", "RESIDUAL TIME", "EXTERNALLY MANAGED"], ...authorities]));
}

function certPemOf(dir: string, name: string): string {
  return readFileSync(path.join(dir, `${name}.crt`), "utf8");
}

/** A certificate found through the API: a trusted CA bundle entry goes to the authorities' table. */
function rowOf(f: FoundCertificate, cas: { name: string; cert: X509Certificate }[]): Row {
  const issuer = cas.find((ca) => f.cert.checkIssued(ca.cert) && f.cert.verify(ca.cert.publicKey));
  const sameAs = cas.find((ca) => ca.cert.fingerprint256 === f.cert.fingerprint256);
  return { name: f.name, notAfter: new Date(Date.parse(f.cert.validTo)), authority: sameAs ? "" : (issuer?.name ?? ""), external: true, isCA: f.trusted || f.cert.ca };
}

async function renew(dataDir: string, pkiDir: string, args: string[]): Promise<number> {
  if (args.length !== 1) throw new FlagError("renew needs one argument: a certificate name or all");
  const renewable = await renewableCertificates(pkiDir);
  const wanted = args[0] === "all" ? renewable : renewable.filter((r) => r.name === args[0]);
  if (!wanted.length) throw new FlagError(`unknown certificate "${args[0]}"; renewable: ${renewable.map((r) => r.name).join(", ")}, or all`);
  process.stdout.write(`[renew] Reading the certificates in ${pkiDir}\n\n`);
  for (const { name, caName } of wanted) {
    const pair = await renewCertificate(pkiDir, name, caName, realClock);
    if (name === "admin") {
      // The admin kubeconfig embeds this certificate: it must carry the new one.
      const kubeconfig = path.join(dataDir, "kubeconfig");
      if (existsSync(kubeconfig)) {
        const creds = await readKubeconfig(kubeconfig);
        await writeKubeconfig(kubeconfig, { server: creds.server, caPem: creds.caPem ?? "", certPem: pair.certPem, keyPem: pair.keyPem });
      }
    }
    process.stdout.write(`${RENEW_DESCRIPTIONS[name] ?? `certificate ${name}`} renewed\n`);
  }
  process.stdout.write("\nDone renewing certificates. You must restart skiff (kube-apiserver, kube-controller-manager, kube-scheduler), so that they can use the new certificates.\n");
  return 0;
}

/** Columns padded as Go's tabwriter does for kubeadm (three spaces between columns). */
function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] + 3))).join("")).join("\n") + "\n";
}
