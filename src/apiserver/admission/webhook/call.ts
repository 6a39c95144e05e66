/**
 * One webhook call: the AdmissionReview POSTed through the same client as
 * conversion webhooks (a Service through the aggregator's resolver and the
 * network's dialer, or a URL; TLS checked against caBundle), bounded by
 * timeoutSeconds. A failure to get a usable answer is a WebhookCallError
 * (upstream's ErrCallingWebhook, which failurePolicy decides about); a
 * refusal is the webhook's Status, worded as upstream's ToStatusErr.
 */
import { randomUUID } from "node:crypto";
import type { WebhookClientConfig } from "kubernetes-types/admissionregistration/v1.js";
import { ApiError, type StatusReason } from "../../../api/errors.js";
import type { KubeObject } from "../../../api/types.js";
import { decodeAnswer } from "../../../apiextensions/webhook-conversion/http-answer.js";
import { postJson, webhookTarget, type TransportDeps } from "../../../apiextensions/webhook-conversion/transport.js";
import { admissionRequest, admissionReview, pickReviewVersion, verifyResponse, type AdmissionRequest, type AdmissionResponse } from "./review.js";
import type { AdmissionRequestInfo } from "./request.js";
import type { RuleMatch } from "./rules.js";

/** upstream's ErrCallingWebhook: `failed calling webhook "<name>": <reason>`. */
export class WebhookCallError extends Error {
  constructor(
    readonly webhook: string,
    readonly reason: string,
  ) {
    super(`failed calling webhook ${JSON.stringify(webhook)}: ${reason}`);
    this.name = "WebhookCallError";
  }
}

export interface CallableWebhook {
  name: string;
  clientConfig: WebhookClientConfig;
  admissionReviewVersions?: readonly string[];
  timeoutSeconds?: number;
}

export interface CallDeps {
  transport: () => TransportDeps;
  newUID?: () => string;
}

/** upstream's ToStatusErr: the webhook's Status as a refusal, at least 400, its message prefixed. */
export function rejection(webhook: string, status: AdmissionResponse["status"]): ApiError {
  const s = status ?? {};
  const deniedBy = `admission webhook ${JSON.stringify(webhook)} denied the request`;
  const message = s.message ? `${deniedBy}: ${s.message}` : s.reason ? `${deniedBy}: ${s.reason}` : `${deniedBy} without explanation`;
  const code = !s.code || s.code < 400 ? 400 : s.code;
  return new ApiError(code, (s.reason ?? "") as StatusReason, message, s.details as ApiError["details"]);
}

export interface CallResult {
  request: AdmissionRequest;
  response: AdmissionResponse;
}

/** Sends the review; resolves with the verified response (allowed or not); throws WebhookCallError. */
export async function callWebhook(hook: CallableWebhook, req: AdmissionRequestInfo, match: RuleMatch, object: KubeObject | undefined, mutating: boolean, deps: CallDeps): Promise<CallResult> {
  const version = pickReviewVersion(hook.admissionReviewVersions);
  if (!version) throw new WebhookCallError(hook.name, `webhook does not accept known AdmissionReview versions (v1, v1beta1)`);
  const uid = (deps.newUID ?? randomUUID)();
  const request = admissionRequest(uid, req, match, object);
  const transport = deps.transport();
  let answer: unknown;
  try {
    const target = webhookTarget(hook.clientConfig, transport, hook.timeoutSeconds ?? 10);
    answer = decodeAnswer(await postJson(target, admissionReview(version, request), transport.clock));
  } catch (err) {
    throw new WebhookCallError(hook.name, `failed to call webhook: ${(err as Error).message}`);
  }
  try {
    return { request, response: verifyResponse(answer, version, uid, mutating) };
  } catch (err) {
    throw new WebhookCallError(hook.name, `received invalid webhook response: ${(err as Error).message}`);
  }
}
