import type { CertificateSigningRequestCondition } from "kubernetes-types/certificates/v1.js";
import type { HookContext, ResourceDefinition, SubresourceSpec } from "../types.js";
import { methodNotAllowed } from "../errors.js";
import { humanDuration, rfc3339, ageColumn } from "../printers.js";
import { invalid } from "../validation/field.js";
import {
  APPROVAL_CONDITIONS,
  validateApprovalKept,
  validateCertificate,
  validateConditions,
  validateCSRSpec,
  type CSRObject,
} from "./csr-validation.js";

const isApproval = (c: CertificateSigningRequestCondition) => APPROVAL_CONDITIONS.includes(c.type);

/**
 * Upstream stamps condition times the client left out: lastUpdateTime now,
 * lastTransitionTime kept from the old condition of the same type and status.
 */
function stampConditions(csr: CSRObject, old: CSRObject, now: number): void {
  for (const c of csr.status?.conditions ?? []) {
    c.lastUpdateTime ??= rfc3339(now);
    if (!c.lastTransitionTime) {
      const prev = (old.status?.conditions ?? []).find((o) => o.type === c.type && o.status === c.status);
      c.lastTransitionTime = prev?.lastTransitionTime ?? rfc3339(now);
    }
  }
}

/** Upstream's extractCSRStatus: "Pending", "Approved,Issued", "Denied", ... */
export function csrCondition(csr: CSRObject): string {
  const types = new Set((csr.status?.conditions ?? []).map((c) => c.type));
  let s = types.has("Denied") ? "Denied" : types.has("Approved") ? "Approved" : "Pending";
  if (types.has("Failed")) s += ",Failed";
  if (csr.status?.certificate) s += ",Issued";
  return s;
}

/**
 * Upstream's approval strategy: the conditions come from `incoming`, the
 * spec and the rest of the status (the certificate) from `current`;
 * metadata is updated as on any write. Validation keeps decisions from
 * being taken back.
 */
function approvalUpdate(current: CSRObject, incoming: CSRObject, now: number): CSRObject {
  const next: CSRObject = { ...structuredClone(current), metadata: incoming.metadata ?? current.metadata };
  next.status = { ...(next.status ?? {}), conditions: structuredClone(incoming.status?.conditions ?? []) };
  stampConditions(next, current, now);
  return next;
}

const approvalErrors = (next: CSRObject, current: CSRObject) => [...validateConditions(next.status?.conditions ?? []), ...validateApprovalKept(next, current)];

/** Takes the approval conditions from `incoming` and everything else from `current`; Invalid when they break the rules. */
export function applyApproval(current: CSRObject, incoming: CSRObject, ctx: HookContext): CSRObject {
  const next = approvalUpdate(current, { ...incoming, metadata: current.metadata }, ctx.now);
  const errs = approvalErrors(next, current);
  if (errs.length) throw invalid({ group: "certificates.k8s.io", kind: "CertificateSigningRequest" }, current.metadata.name ?? "", errs);
  return next;
}

/** .../certificatesigningrequests/NAME/approval: GET, and PUT or PATCH as `kubectl certificate approve` sends. */
const approval: SubresourceSpec = {
  kind: "CertificateSigningRequest",
  verbs: ["get", "patch", "update"],
  handler: async () => {
    throw methodNotAllowed();
  },
  parentView: {
    prepareForUpdate: (obj, old, ctx) => approvalUpdate(old as CSRObject, obj as CSRObject, ctx.now),
    validateUpdate: (obj, old) => approvalErrors(obj as CSRObject, old as CSRObject),
  },
};

/** certificates.k8s.io/v1 CertificateSigningRequest (cluster-scoped). */
export const certificatesigningrequests: ResourceDefinition<CSRObject> = {
  group: "certificates.k8s.io",
  version: "v1",
  kind: "CertificateSigningRequest",
  plural: "certificatesigningrequests",
  singular: "certificatesigningrequest",
  namespaced: false,
  shortNames: ["csr"],
  schema: "io.k8s.api.certificates.v1.CertificateSigningRequest",
  hasStatus: true,
  tracksGeneration: false,
  subresources: { approval },
  prepareForCreate(csr, ctx) {
    // Who asked is the server's to say, and nobody creates a pre-approved request.
    const spec = (csr.spec ??= { request: "", signerName: "" });
    delete spec.username;
    delete spec.uid;
    delete spec.groups;
    delete spec.extra;
    const user = ctx.user;
    if (user) {
      spec.username = user.username;
      if (user.uid) spec.uid = user.uid;
      spec.groups = [...user.groups];
      if (user.extra && Object.keys(user.extra).length) spec.extra = structuredClone(user.extra);
    }
    csr.status = {};
  },
  prepareForUpdate(csr, old) {
    // The main endpoint changes metadata only.
    csr.spec = old.spec;
    csr.status = old.status;
  },
  prepareForStatusUpdate(csr, old, ctx) {
    // Approval decisions belong to /approval; /status keeps the old ones.
    const others = (csr.status?.conditions ?? []).filter((c) => !isApproval(c));
    const decided = (old.status?.conditions ?? []).filter(isApproval);
    csr.status = { ...(csr.status ?? {}), conditions: [...decided, ...others] };
    stampConditions(csr, old, ctx.now);
  },
  validate: (csr) => validateCSRSpec(csr),
  validateUpdate: () => [],
  validateStatusUpdate: (csr, old) => [...validateConditions(csr.status?.conditions), ...validateCertificate(csr, old)],
  selectableFields: (csr) => ({ "spec.signerName": csr.spec?.signerName ?? "" }),
  columns: [
    ageColumn<CSRObject>(),
    { name: "SignerName", type: "string", description: "signerName indicates the requested signer, and is a qualified name.", cell: (c) => c.spec?.signerName || "<none>" },
    { name: "Requestor", type: "string", description: "request contains an x509 certificate signing request encoded in a \"CERTIFICATE REQUEST\" PEM block.", cell: (c) => c.spec?.username ?? "" },
    { name: "RequestedDuration", type: "string", description: "expirationSeconds is the requested duration of validity of the issued certificate.", cell: (c) => (c.spec?.expirationSeconds !== undefined ? humanDuration(c.spec.expirationSeconds * 1000) : "<none>") },
    { name: "Condition", type: "string", description: "conditions applied to the request. Known conditions are \"Approved\", \"Denied\", and \"Failed\".", cell: csrCondition },
  ],
};
