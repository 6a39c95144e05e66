/**
 * Certificates and CAs expired or expiring within 30 days (S6): the
 * cluster CA (kube-root-ca.crt ConfigMaps), the API server's serving
 * certificate (from the TLS handshake), webhooks' and APIServices'
 * caBundles, CRD conversion caBundles, and certificates kept in Secrets
 * (kubernetes.io/tls, and any *.crt / *.pem key, where components keep
 * their own CAs). One finding per certificate, listing where it is used
 * and the pods that mount it. Works on any cluster.
 */
import { X509Certificate } from "node:crypto";
import type { Pod } from "kubernetes-types/core/v1.js";
import { pemBlocks } from "../../api/certificates/pem.js";
import type { KubeObject } from "../../api/types.js";
import { CONFIGMAPS, PODS, SECRETS } from "../../client/resources.js";
import type { GVR } from "../../client/types.js";
import type { Check, EvidenceStep, Finding, ObjectRef } from "../types.js";
import { APISERVICES } from "./apiservice-unavailable.js";

const CRDS_V1: GVR = { group: "apiextensions.k8s.io", version: "v1", resource: "customresourcedefinitions" };

export const EXPIRY_WARNING_MS = 30 * 24 * 3600_000;

const WEBHOOKS: Array<[string, GVR]> = [
  ["ValidatingWebhookConfiguration", { group: "admissionregistration.k8s.io", version: "v1", resource: "validatingwebhookconfigurations" }],
  ["MutatingWebhookConfiguration", { group: "admissionregistration.k8s.io", version: "v1", resource: "mutatingwebhookconfigurations" }],
];

interface Use {
  where: string;
  ref?: ObjectRef;
  /** A CA (trusted by someone) rather than a certificate presented. */
  trusted: boolean;
  /** The Secret holding it, to find the pods that mount it. */
  secret?: { namespace: string; name: string };
}

/** The certificates of a PEM text; blocks that are not certificates are skipped. */
export function certificatesIn(pem: string): X509Certificate[] {
  const out: X509Certificate[] = [];
  for (const b of pemBlocks(pem)) {
    if (b.type !== "CERTIFICATE") continue;
    try {
      out.push(new X509Certificate(b.der));
    } catch {
      // unreadable: nothing to say about its expiry
    }
  }
  return out;
}

const fromBase64 = (s: string | undefined) => (s ? Buffer.from(s, "base64").toString("utf8") : "");
const subjectCN = (c: X509Certificate) => /CN=([^\n,]+)/.exec(c.subject)?.[1] ?? c.subject.replace(/\n/g, ", ");

export const certificates: Check = {
  name: "certificates",
  description: "certificates and CAs expired or expiring within 30 days: kube-root-ca.crt, the API server's serving certificate, webhook/APIService/CRD caBundles, Secrets",
  async run({ view, now }) {
    const found = new Map<string, { cert: X509Certificate; uses: Use[] }>();
    const add = (cert: X509Certificate, use: Use) => {
      const seen = found.get(cert.fingerprint256);
      if (seen) seen.uses.push(use);
      else found.set(cert.fingerprint256, { cert, uses: [use] });
    };
    const serving = await view.servingCertificate();
    if (serving) add(serving, { where: "the API server's serving certificate (TLS handshake)", trusted: false });
    for (const cm of await view.list(CONFIGMAPS)) {
      if (cm.metadata.name !== "kube-root-ca.crt") continue;
      for (const c of certificatesIn((cm.data as Record<string, string> | undefined)?.["ca.crt"] ?? "")) add(c, { where: "the cluster CA (kube-root-ca.crt)", ref: { kind: "ConfigMap", namespace: cm.metadata.namespace, name: cm.metadata.name! }, trusted: true });
    }
    for (const [kind, gvr] of WEBHOOKS) {
      for (const cfg of await view.list(gvr)) {
        for (const w of (cfg.webhooks as { name?: string; clientConfig?: { caBundle?: string } }[] | undefined) ?? []) {
          for (const c of certificatesIn(fromBase64(w.clientConfig?.caBundle))) add(c, { where: `caBundle of webhook ${w.name} (${kind} ${cfg.metadata.name})`, ref: { kind, name: cfg.metadata.name! }, trusted: true });
        }
      }
    }
    if (await view.serves(APISERVICES)) {
      for (const a of await view.list(APISERVICES)) {
        for (const c of certificatesIn(fromBase64((a.spec as { caBundle?: string } | undefined)?.caBundle))) add(c, { where: `caBundle of APIService ${a.metadata.name}`, ref: { kind: "APIService", name: a.metadata.name! }, trusted: true });
      }
    }
    for (const crd of await view.list(CRDS_V1)) {
      const bundle = (crd.spec as { conversion?: { webhook?: { clientConfig?: { caBundle?: string } } } } | undefined)?.conversion?.webhook?.clientConfig?.caBundle;
      for (const c of certificatesIn(fromBase64(bundle))) add(c, { where: `conversion caBundle of CRD ${crd.metadata.name}`, ref: { kind: "CustomResourceDefinition", name: crd.metadata.name! }, trusted: true });
    }
    for (const s of await view.list(SECRETS)) {
      const type = String(s.type ?? "");
      if (type === "kubernetes.io/service-account-token") continue;
      for (const [key, value] of Object.entries((s.data as Record<string, string> | undefined) ?? {})) {
        if (!(type === "kubernetes.io/tls" && key === "tls.crt") && !/\.(crt|pem)$/.test(key)) continue;
        const ns = s.metadata.namespace!;
        const name = s.metadata.name!;
        for (const c of certificatesIn(fromBase64(value))) add(c, { where: `Secret ${ns}/${name} key ${key}`, ref: { kind: "Secret", namespace: ns, name }, trusted: key.startsWith("ca"), secret: { namespace: ns, name } });
      }
    }

    const findings: Finding[] = [];
    let pods: Array<Pod & KubeObject> | undefined;
    for (const { cert, uses } of found.values()) {
      const notAfter = Date.parse(cert.validTo);
      const left = notAfter - now;
      if (left > EXPIRY_WARNING_MS) continue;
      const expired = left <= 0;
      const isCA = cert.ca || uses.some((u) => u.trusted);
      const name = subjectCN(cert);
      const when = expired ? `expired ${cert.validTo} (${Math.floor(-left / 86_400_000)} days ago)` : `expires ${cert.validTo} (in ${Math.floor(left / 86_400_000)} days)`;
      const chain: EvidenceStep[] = [{ text: `${isCA ? "CA" : "certificate"} CN=${name} (issuer ${subjectCN({ subject: cert.issuer } as X509Certificate)}, serial ${cert.serialNumber}) ${when}` }];
      for (const u of uses.slice(0, 10)) chain.push({ text: `used as ${u.where}`, ref: u.ref });
      if (uses.length > 10) chain.push({ text: `... and ${uses.length - 10} more places` });
      for (const u of uses) {
        if (!u.secret) continue;
        pods ??= await view.list<Pod & KubeObject>(PODS);
        for (const p of pods.filter((p) => p.metadata.namespace === u.secret!.namespace && (p.spec?.volumes ?? []).some((v) => v.secret?.secretName === u.secret!.name)).slice(0, 5)) {
          const crash = (p.status?.containerStatuses ?? []).find((c) => c.state?.waiting?.reason === "CrashLoopBackOff" || c.restartCount > 0);
          chain.push({ text: `mounted by Pod ${p.metadata.namespace}/${p.metadata.name}${crash ? `: container ${crash.name} ${crash.state?.waiting?.reason ?? "running"}, ${crash.restartCount} restarts` : ""}`, ref: { kind: "Pod", namespace: p.metadata.namespace, name: p.metadata.name! } });
        }
      }
      const first = uses[0];
      findings.push({
        check: "certificates",
        severity: expired ? "critical" : "warning",
        about: first.ref ?? { kind: "Certificate", name },
        summary: `${isCA ? "CA" : "certificate"} ${name} ${expired ? "has expired" : "expires within 30 days"}${expired && isCA ? ": everything it signed fails verification (x509: certificate has expired or is not yet valid)" : ""}`,
        chain,
        fix: isCA
          ? `issue a new CA and re-sign what it signed, then replace it everywhere listed (skiff certs renew for the cluster's own; for a webhook or APIService, its caBundle and serving Secret together)`
          : `renew the certificate before ${cert.validTo} and replace it where listed (skiff certs renew for the cluster's own, cert-manager or your issuer for Secrets)`,
        cause: `Certificate/${cert.fingerprint256}`,
      });
    }
    return findings;
  },
};
