/**
 * The certificates a running cluster trusts or hands out through its API,
 * for `skiff certs check-expiration`: kubelet client certificates issued
 * from CSRs (the newest per node), webhook and APIService caBundles, CRD
 * conversion webhook caBundles, and Secrets of type kubernetes.io/tls.
 */
import { X509Certificate } from "node:crypto";
import { isApiError } from "../api/errors.js";
import type { KubeObject } from "../api/types.js";
import { pemBlocks } from "../api/certificates/pem.js";
import type { Client, GVR } from "../client/types.js";

export interface FoundCertificate {
  /** Where it lives: "kubelet-client/node-1", "secret/default/web-tls", "apiservice/v1.example.com". */
  name: string;
  cert: X509Certificate;
  /** A CA bundle entry (trusted) rather than a certificate presented by someone. */
  trusted: boolean;
}

const gvr = (group: string, version: string, resource: string): GVR => ({ group, version, resource });
const CSRS = gvr("certificates.k8s.io", "v1", "certificatesigningrequests");
const SECRETS = gvr("", "v1", "secrets");
const APISERVICES = gvr("apiregistration.k8s.io", "v1", "apiservices");
const CRDS = gvr("apiextensions.k8s.io", "v1", "customresourcedefinitions");
const WEBHOOK_CONFIGS = [
  ["validatingwebhookconfiguration", gvr("admissionregistration.k8s.io", "v1", "validatingwebhookconfigurations")],
  ["mutatingwebhookconfiguration", gvr("admissionregistration.k8s.io", "v1", "mutatingwebhookconfigurations")],
] as const;

type Any = KubeObject & Record<string, unknown>;

/** The certificates of a PEM bundle (base64 of PEM, as in caBundle and Secret data); unreadable blocks are skipped. */
function bundle(base64: string | undefined): X509Certificate[] {
  if (!base64) return [];
  const out: X509Certificate[] = [];
  for (const b of pemBlocks(Buffer.from(base64, "base64").toString("utf8"))) {
    if (b.type !== "CERTIFICATE") continue;
    try {
      out.push(new X509Certificate(b.der));
    } catch {
      // not a certificate: nothing to report on expiry
    }
  }
  return out;
}

/** Lists a resource; a resource this server does not serve lists as empty. */
async function listOf(client: Client, what: GVR): Promise<Any[]> {
  try {
    return (await client.list<Any>(what)).items;
  } catch (err) {
    if (isApiError(err, "NotFound")) return [];
    throw err;
  }
}

const numbered = (name: string, certs: X509Certificate[]) => certs.map((cert, i) => ({ name: certs.length > 1 ? `${name}#${i}` : name, cert }));

export async function clusterCertificates(client: Client): Promise<FoundCertificate[]> {
  const found: FoundCertificate[] = [];
  const kubelets = new Map<string, X509Certificate>();
  for (const csr of await listOf(client, CSRS)) {
    const spec = csr.spec as { signerName?: string } | undefined;
    if (spec?.signerName !== "kubernetes.io/kube-apiserver-client-kubelet") continue;
    const cert = bundle((csr.status as { certificate?: string } | undefined)?.certificate)[0];
    const node = cert?.subject.split("\n").find((l) => l.startsWith("CN=system:node:"))?.slice("CN=system:node:".length);
    if (!cert || !node) continue;
    const seen = kubelets.get(node);
    if (!seen || Date.parse(cert.validTo) > Date.parse(seen.validTo)) kubelets.set(node, cert);
  }
  for (const [node, cert] of [...kubelets].sort(([a], [b]) => a.localeCompare(b))) found.push({ name: `kubelet-client/${node}`, cert, trusted: false });

  for (const [kind, what] of WEBHOOK_CONFIGS) {
    for (const cfg of await listOf(client, what)) {
      for (const w of (cfg.webhooks as { name?: string; clientConfig?: { caBundle?: string } }[] | undefined) ?? []) {
        for (const c of numbered(`${kind}/${cfg.metadata.name}/${w.name}`, bundle(w.clientConfig?.caBundle))) found.push({ ...c, trusted: true });
      }
    }
  }
  for (const svc of await listOf(client, APISERVICES)) {
    for (const c of numbered(`apiservice/${svc.metadata.name}`, bundle((svc.spec as { caBundle?: string } | undefined)?.caBundle))) found.push({ ...c, trusted: true });
  }
  for (const crd of await listOf(client, CRDS)) {
    const caBundle = (crd.spec as { conversion?: { webhook?: { clientConfig?: { caBundle?: string } } } } | undefined)?.conversion?.webhook?.clientConfig?.caBundle;
    for (const c of numbered(`crd-conversion/${crd.metadata.name}`, bundle(caBundle))) found.push({ ...c, trusted: true });
  }
  const tls = await client.list<Any>(SECRETS, { fieldSelector: "type=kubernetes.io/tls" });
  for (const s of tls.items) {
    const chain = bundle((s.data as Record<string, string> | undefined)?.["tls.crt"]);
    // The leaf is what expires for its users; intermediates in the chain are reported too.
    for (const c of numbered(`secret/${s.metadata.namespace}/${s.metadata.name}`, chain)) found.push({ ...c, trusted: false });
  }
  return found;
}
