/**
 * csrapproving: approves kubelet client certificate requests
 * (kube-apiserver-client-kubelet) when a SubjectAccessReview says their
 * requester may create certificatesigningrequests/selfnodeclient (a node
 * renewing its own identity: requester == CN) or /nodeclient (a bootstrap
 * token asking for a node's first one). Anything else is left for a human.
 */
import { isApiError } from "../../api/errors.js";
import { rfc3339 } from "../../api/printers.js";
import { createWorkQueue, runController } from "../../client/index.js";
import { SUBJECT_ACCESS_REVIEWS } from "../../client/access-review.js";
import type { Controller } from "../../client/types.js";
import { readCertificateRequest, type CertificateRequestInfo } from "../../pki/index.js";
import { runnerLogs, type ControllerContext } from "../context.js";
import { CSRS, KUBELET_CLIENT_SIGNER, isApproved, isDenied, kubeletClientError, requestPem, type CSRObject } from "./csr-requests.js";

export const CSR_APPROVING = "csrapproving";

interface Recognizer {
  subresource: string;
  message: string;
  recognize(csr: CSRObject, req: CertificateRequestInfo): boolean;
}

const isNodeClient = (csr: CSRObject, req: CertificateRequestInfo) => csr.spec?.signerName === KUBELET_CLIENT_SIGNER && !kubeletClientError(req, csr.spec?.usages ?? []);
const RECOGNIZERS: Recognizer[] = [
  { subresource: "selfnodeclient", message: "Auto approving self kubelet client certificate after SubjectAccessReview.", recognize: (csr, req) => csr.spec?.username === req.commonName && isNodeClient(csr, req) },
  { subresource: "nodeclient", message: "Auto approving kubelet client certificate after SubjectAccessReview.", recognize: isNodeClient },
];

export function createCSRApprovingController(ctx: ControllerContext): Controller {
  const { client, clock } = ctx;
  const csrs = ctx.informers.forResource<CSRObject>(CSRS);
  const queue = createWorkQueue<string>({ clock, name: "certificate" });
  const enqueue = (csr: CSRObject) => queue.add(csr.metadata.name!);
  csrs.addEventHandler({ onAdd: enqueue, onUpdate: (_o, n) => enqueue(n) });

  async function allowed(csr: CSRObject, subresource: string): Promise<boolean> {
    const spec = csr.spec!;
    const review = (await client.create(SUBJECT_ACCESS_REVIEWS, undefined, {
      apiVersion: "authorization.k8s.io/v1",
      kind: "SubjectAccessReview",
      metadata: {},
      spec: { user: spec.username, uid: spec.uid, groups: spec.groups, extra: spec.extra, resourceAttributes: { group: "certificates.k8s.io", resource: "certificatesigningrequests", verb: "create", subresource, version: "*" } },
    })) as { status?: { allowed?: boolean } };
    return review.status?.allowed === true;
  }

  async function sync(name: string): Promise<void> {
    const csr = csrs.lister.get(undefined, name);
    if (!csr || csr.status?.certificate || isApproved(csr) || isDenied(csr)) return;
    let req: CertificateRequestInfo;
    try {
      req = await readCertificateRequest(requestPem(csr));
    } catch (err) {
      ctx.log(2, `unable to parse csr "${name}": ${(err as Error).message}`);
      return;
    }
    const tried = RECOGNIZERS.filter((r) => r.recognize(csr, req));
    for (const r of tried) {
      if (!(await allowed(csr, r.subresource))) continue;
      const now = rfc3339(clock.now());
      const approved: CSRObject = structuredClone(csr);
      approved.status = { ...(approved.status ?? {}), conditions: [...(csr.status?.conditions ?? []), { type: "Approved", status: "True", reason: "AutoApproved", message: r.message, lastUpdateTime: now, lastTransitionTime: now }] };
      try {
        await client.update(CSRS, undefined, approved, { subresource: "approval" });
      } catch (err) {
        if (!isApiError(err, "Conflict") && !isApiError(err, "NotFound")) throw err;
      }
      return;
    }
    if (tried.length) ctx.log(2, `recognized csr "${name}" but subject access review was not approved`);
  }

  return {
    name: CSR_APPROVING,
    async run(signal, workers) {
      if (!(await ctx.informers.waitForCacheSync(signal))) return;
      await runController({ name: "csrapproving", queue, workers, signal, sync, ...runnerLogs(ctx) });
    },
  };
}
