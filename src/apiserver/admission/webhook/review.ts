/**
 * AdmissionReview v1 (and v1beta1, the same shape): the request a webhook
 * is sent, and the checks on its answer, worded as upstream's
 * VerifyAdmissionResponse.
 */
import type { KubeObject, UserInfo } from "../../../api/types.js";
import type { AdmissionRequestInfo } from "./request.js";
import type { RuleMatch } from "./rules.js";

export interface AdmissionRequest {
  uid: string;
  kind: { group: string; version: string; kind: string };
  resource: { group: string; version: string; resource: string };
  subResource?: string;
  requestKind: { group: string; version: string; kind: string };
  requestResource: { group: string; version: string; resource: string };
  requestSubResource?: string;
  name?: string;
  namespace?: string;
  operation: string;
  userInfo: { username: string; uid?: string; groups?: string[]; extra?: Record<string, string[]> };
  object?: KubeObject | null;
  oldObject?: KubeObject | null;
  dryRun: boolean;
  options?: Record<string, unknown> | null;
}

export interface AdmissionResponse {
  uid: string;
  allowed: boolean;
  status?: { code?: number; reason?: string; message?: string; status?: string; details?: unknown; metadata?: unknown };
  patch?: string;
  patchType?: string;
  auditAnnotations?: Record<string, string>;
  warnings?: string[];
}

const OPTIONS_KIND: Record<string, string> = { CREATE: "CreateOptions", UPDATE: "UpdateOptions", DELETE: "DeleteOptions", CONNECT: "" };

function userInfoOf(u: UserInfo | undefined): AdmissionRequest["userInfo"] {
  if (!u) return { username: "" };
  return { username: u.username, ...(u.uid ? { uid: u.uid } : {}), ...(u.groups.length ? { groups: u.groups } : {}), ...(u.extra && Object.keys(u.extra).length ? { extra: u.extra } : {}) };
}

export function admissionRequest(uid: string, req: AdmissionRequestInfo, match: RuleMatch, object: KubeObject | undefined): AdmissionRequest {
  const { attrs } = req;
  const optionsKind = OPTIONS_KIND[attrs.operation];
  return {
    uid,
    kind: match.kind,
    resource: match.resource,
    ...(req.subresource ? { subResource: req.subresource } : {}),
    requestKind: req.kind,
    requestResource: req.resource,
    ...(req.subresource ? { requestSubResource: req.subresource } : {}),
    ...(attrs.name ? { name: attrs.name } : {}),
    ...(attrs.namespace ? { namespace: attrs.namespace } : {}),
    operation: attrs.operation,
    userInfo: userInfoOf(attrs.user),
    object: object ?? null,
    oldObject: attrs.oldObject ?? null,
    dryRun: attrs.dryRun,
    options: optionsKind ? { kind: optionsKind, apiVersion: "meta.k8s.io/v1", ...(attrs.dryRun ? { dryRun: ["All"] } : {}) } : null,
  };
}

export function admissionReview(version: string, request: AdmissionRequest): unknown {
  return { kind: "AdmissionReview", apiVersion: `admission.k8s.io/${version}`, request };
}

/** The AdmissionReview versions a webhook accepts, the first Skiff speaks. */
export function pickReviewVersion(accepted: readonly string[] | undefined): string | undefined {
  return (accepted ?? []).find((v) => v === "v1" || v === "v1beta1");
}

/**
 * The response of a decoded answer; throws with upstream's reason (the
 * caller words it "received invalid webhook response: <reason>").
 * Only a mutating webhook's patch counts.
 */
export function verifyResponse(answer: unknown, version: string, uid: string, mutating: boolean): AdmissionResponse {
  const review = (answer && typeof answer === "object" ? answer : {}) as { kind?: string; apiVersion?: string; response?: AdmissionResponse };
  const r = review.response;
  if (!r) throw new Error("webhook response was absent");
  if (r.uid !== uid) throw new Error(`expected response.uid=${JSON.stringify(uid)}, got ${JSON.stringify(r.uid ?? "")}`);
  if (version === "v1") {
    const want = "admission.k8s.io/v1, Kind=AdmissionReview";
    const got = `${review.apiVersion ?? ""}, Kind=${review.kind ?? ""}`;
    if (got !== want) throw new Error(`expected webhook response of ${want}, got ${review.apiVersion ? got : "/, Kind=" + (review.kind ?? "")}`);
  }
  const patch = mutating && typeof r.patch === "string" && r.patch.length > 0 ? r.patch : undefined;
  if (patch && !r.patchType) throw new Error("webhook returned response.patch but not response.patchType");
  return { ...r, allowed: r.allowed === true, patch, patchType: patch ? r.patchType : undefined };
}
