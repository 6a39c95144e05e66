/**
 * csrsigning: signs approved requests of the kubernetes.io signers the
 * cluster CA serves (kube-apiserver-client, kube-apiserver-client-kubelet,
 * kubelet-serving). The certificate lasts spec.expirationSeconds, capped by
 * --cluster-signing-duration (default a year) and by the CA's own end. A
 * request its signer must refuse gets the Failed condition
 * (SignerValidationFailure) instead.
 */
import { isApiError } from "../../api/errors.js";
import { rfc3339 } from "../../api/printers.js";
import { createWorkQueue, runController } from "../../client/index.js";
import type { Controller } from "../../client/types.js";
import { isKeyUsageName, readCertificateRequest, signCertificate, type CertificateAuthority, type CertificateRequestInfo } from "../../pki/index.js";
import { runnerLogs, type ControllerContext } from "../context.js";
import {
  CSRS,
  KUBE_APISERVER_CLIENT_SIGNER,
  KUBELET_CLIENT_SIGNER,
  KUBELET_SERVING_SIGNER,
  apiServerClientError,
  isApproved,
  isFailed,
  kubeletClientError,
  kubeletServingError,
  requestPem,
  type CSRObject,
} from "./csr-requests.js";

export const CSR_SIGNING = "csrsigning";
export const DEFAULT_CLUSTER_SIGNING_DURATION_MS = 365 * 24 * 3600 * 1000;
const DAY_MS = 24 * 3600 * 1000;

/** Why a signer must refuse a request (undefined: it may sign it). */
const SIGNER_RULES: Record<string, (req: CertificateRequestInfo, usages: readonly string[]) => string | undefined> = {
  [KUBE_APISERVER_CLIENT_SIGNER]: (_req, usages) => apiServerClientError(usages),
  [KUBELET_CLIENT_SIGNER]: kubeletClientError,
  [KUBELET_SERVING_SIGNER]: kubeletServingError,
};

/** How long a certificate for this request lasts: its expirationSeconds, capped by the signing duration. */
export function certificateDurationMs(expirationSeconds: number | undefined, signingDurationMs: number): number {
  return expirationSeconds === undefined ? signingDurationMs : Math.min(expirationSeconds * 1000, signingDurationMs);
}

export function createCSRSigningController(ctx: ControllerContext): Controller {
  const { client, clock } = ctx;
  const ca: CertificateAuthority | undefined = ctx.options.clusterSigning;
  const durationMs = ctx.options.clusterSigningDurationMs ?? DEFAULT_CLUSTER_SIGNING_DURATION_MS;
  const csrs = ctx.informers.forResource<CSRObject>(CSRS);
  const queue = createWorkQueue<string>({ clock, name: "certificate" });
  const enqueue = (csr: CSRObject) => queue.add(csr.metadata.name!);
  csrs.addEventHandler({ onAdd: enqueue, onUpdate: (_o, n) => enqueue(n) });

  async function writeStatus(csr: CSRObject): Promise<void> {
    try {
      await client.update(CSRS, undefined, csr, { subresource: "status" });
    } catch (err) {
      if (!isApiError(err, "Conflict") && !isApiError(err, "NotFound")) throw err;
    }
  }

  async function sync(name: string): Promise<void> {
    const csr = csrs.lister.get(undefined, name);
    if (!ca || !csr || csr.status?.certificate || !isApproved(csr) || isFailed(csr)) return;
    const rule = SIGNER_RULES[csr.spec?.signerName ?? ""];
    if (!rule) return;
    const usages = csr.spec?.usages ?? [];
    let req: CertificateRequestInfo;
    try {
      req = await readCertificateRequest(requestPem(csr));
    } catch (err) {
      throw new Error(`unable to parse csr "${name}": ${(err as Error).message}`);
    }
    const refusal = rule(req, usages) ?? (req.signatureValid ? undefined : "signature verification failed");
    const next: CSRObject = structuredClone(csr);
    if (refusal) {
      const now = rfc3339(clock.now());
      next.status = { ...(next.status ?? {}), conditions: [...(next.status?.conditions ?? []), { type: "Failed", status: "True", reason: "SignerValidationFailure", message: refusal, lastUpdateTime: now, lastTransitionTime: now }] };
      await writeStatus(next);
      return;
    }
    const signed = await signCertificate(ca, {
      subject: { commonName: req.commonName, organizations: req.organizations },
      publicKey: req.publicKeySpki,
      usages: usages.filter(isKeyUsageName),
      dnsNames: req.dnsNames,
      ipAddresses: req.ipAddresses,
      validityDays: certificateDurationMs(csr.spec?.expirationSeconds, durationMs) / DAY_MS,
      clock,
    });
    next.status = { ...(next.status ?? {}), certificate: Buffer.from(signed.certPem).toString("base64") };
    await writeStatus(next);
  }

  return {
    name: CSR_SIGNING,
    async run(signal, workers) {
      if (!ca) {
        ctx.log(1, "csrsigning: no cluster signing CA configured, not signing certificate requests");
        return;
      }
      if (!(await ctx.informers.waitForCacheSync(signal))) return;
      await runController({ name: "csrsigning", queue, workers, signal, sync, ...runnerLogs(ctx) });
    },
  };
}
