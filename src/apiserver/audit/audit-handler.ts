/**
 * The audit wrapper around the request pipeline (upstream's WithAuditInit
 * and WithAudit): every response carries an Audit-Id header (the client's,
 * or a new UUID); when a policy and a backend are configured, each request
 * the policy does not set to None produces its events:
 *
 *   RequestReceived   as soon as it arrives
 *   ResponseStarted   long-running requests (watch, exec, logs, proxy ...) once the answer begins
 *   ResponseComplete  when the answer is over (a watch: when its stream ends)
 *   Panic             when the pipeline throws instead of answering
 *
 * It runs outside impersonation and authorization: req.user is the
 * authenticated user; later stages write to req.audit (annotations such as
 * authorization.k8s.io/decision, the impersonated user), shared by
 * reference with any copy of the request they make.
 */
import { randomUUID } from "node:crypto";
import type { Clock } from "../../util/clock.js";
import type { ApiRequest, ApiResponse, RequestAuditRecord } from "../http/types.js";
import type { AuditBackend } from "./log-backend.js";
import type { AuditMetrics } from "./metrics.js";
import type { PolicyEvaluator, RequestAuditConfig } from "./policy.js";
import { completeObjectRef, eventUser, objectRefOf, requestAttributes, requestURI, sourceIPs, userAgent } from "./request-attributes.js";
import { decodeRequestBody, decodeResponseBody, looksLikeStatus, responseStatus, withoutManagedFields } from "./bodies.js";
import { levelAtLeast, type AuditEvent, type Stage } from "./types.js";

export type Handle = (req: ApiRequest) => Promise<ApiResponse>;

export interface AuditOptions {
  clock: Clock;
  /** Absent: no events, only the Audit-Id header (upstream without --audit-policy-file). */
  policy?: PolicyEvaluator;
  backend?: AuditBackend;
  metrics?: AuditMetrics;
}

export const AUDIT_ID_HEADER = "audit-id";

export function withAudit(handle: Handle, opts: AuditOptions): Handle {
  const { policy, backend } = opts;
  if (!policy || !backend) {
    return async (req) => withAuditID(await handle(req), auditIDOf(req));
  }
  return async (req) => {
    const auditID = auditIDOf(req);
    const received = opts.clock.now();
    const attrs = requestAttributes(req);
    const config = policy.evaluate(attrs);
    opts.metrics?.level(config.level);
    if (config.level === "None") return withAuditID(await handle(req), auditID);

    const record: RequestAuditRecord = req.audit ?? { annotations: {} };
    req.audit = record;
    let objectRef = objectRefOf(attrs);
    const wantsBody = req.method === "POST" || req.method === "PUT" || levelAtLeast(config.level, "Request");
    const body = wantsBody ? decodeRequestBody(req) : undefined;
    if (objectRef && body !== undefined && (req.method === "POST" || req.method === "PUT")) objectRef = completeObjectRef(objectRef, body);
    const ev: AuditEvent = {
      kind: "Event",
      apiVersion: "audit.k8s.io/v1",
      level: config.level,
      auditID,
      stage: "RequestReceived",
      requestURI: requestURI(req),
      verb: attrs.verb,
      user: eventUser(req.user),
      sourceIPs: sourceIPs(req),
      userAgent: userAgent(req),
      objectRef,
      requestObject: levelAtLeast(config.level, "Request") && body !== undefined ? strip(body, config) : undefined,
      requestReceivedTimestamp: microTime(received),
      stageTimestamp: "",
    };
    const emit = (stage: Stage) => {
      if (config.omitStages.has(stage)) return;
      ev.stage = stage;
      ev.stageTimestamp = stage === "RequestReceived" ? ev.requestReceivedTimestamp : microTime(opts.clock.now());
      if (record.impersonatedUser) ev.impersonatedUser = eventUser(record.impersonatedUser);
      if (Object.keys(record.annotations).length) ev.annotations = { ...record.annotations };
      opts.metrics?.event();
      backend.process(ordered(ev));
    };

    emit("RequestReceived");
    let res: ApiResponse;
    try {
      res = await handle(req);
    } catch (err) {
      ev.responseStatus = { metadata: {}, status: "Failure", message: `APIServer panic'd: ${err instanceof Error ? err.message : String(err)}`, reason: "InternalError", code: 500 };
      emit("Panic");
      throw err;
    }
    const code = res.upgraded ? 101 : res.status;
    const wantsResponse = levelAtLeast(config.level, "RequestResponse") && !res.stream && !res.upgraded;
    const decoded = wantsResponse || looksLikeStatus(res) ? decodeResponseBody(res) : undefined;
    ev.responseStatus = responseStatus(code, decoded);
    if (wantsResponse && decoded !== undefined) ev.responseObject = strip(decoded, config);
    if (attrs.longRunning) emit("ResponseStarted");

    if (res.stream) {
      const stream = res.stream;
      return withAuditID({ ...res, stream: (sink, signal) => stream(sink, signal).finally(() => emit("ResponseComplete")) }, auditID);
    }
    if (res.upgraded && req.upgrade) {
      // The connection is the response: it is complete when the client or the handler closes it.
      const socket = req.upgrade.socket;
      if (socket.destroyed) emit("ResponseComplete");
      else socket.once("close", () => emit("ResponseComplete"));
      return res;
    }
    emit("ResponseComplete");
    return withAuditID(res, auditID);
  };
}

function auditIDOf(req: ApiRequest): string {
  return req.headers[AUDIT_ID_HEADER] || randomUUID();
}

function withAuditID(res: ApiResponse, auditID: string): ApiResponse {
  if (res.upgraded) return res;
  return { ...res, headers: { ...res.headers, [AUDIT_ID_HEADER]: auditID } };
}

function strip(value: unknown, config: RequestAuditConfig): unknown {
  return config.omitManagedFields ? withoutManagedFields(value) : value;
}

/** metav1.MicroTime: RFC 3339 in UTC with six fractional digits (the clock counts milliseconds). */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");
}

/** The event with upstream's field order and no empty optional fields, as Go's encoder writes it. */
function ordered(ev: AuditEvent): AuditEvent {
  const out: Record<string, unknown> = {};
  for (const k of EVENT_FIELDS) {
    const v = ev[k];
    if (v === undefined) continue;
    out[k] = v;
  }
  return out as unknown as AuditEvent;
}

const EVENT_FIELDS: readonly (keyof AuditEvent)[] = [
  "kind",
  "apiVersion",
  "level",
  "auditID",
  "stage",
  "requestURI",
  "verb",
  "user",
  "impersonatedUser",
  "sourceIPs",
  "userAgent",
  "objectRef",
  "responseStatus",
  "requestObject",
  "responseObject",
  "requestReceivedTimestamp",
  "stageTimestamp",
  "annotations",
];
