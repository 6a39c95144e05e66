/**
 * Request and response bodies as an event carries them (requestObject,
 * responseObject, responseStatus): decoded values, managed fields dropped
 * when the policy says so. Bodies in other forms are left out rather than
 * guessed at.
 */
import { mediaType, parseBody } from "../handlers/body.js";
import { decodeKubernetesProtobuf, PROTOBUF_MEDIA_TYPE } from "../protobuf/index.js";
import type { ApiRequest, ApiResponse } from "../http/types.js";
import type { ResponseStatus } from "./types.js";

/**
 * The request body decoded as the handlers decode it (JSON, YAML for
 * server-side apply, protobuf from typed clients such as kubectl create),
 * or undefined when there is none or it does not decode.
 */
export function decodeRequestBody(req: ApiRequest): unknown {
  if (!req.body?.length) return undefined;
  try {
    return parseBody(req.body, req.headers["content-type"] ?? "application/json");
  } catch {
    return undefined;
  }
}

/** The response body as a value: the in-process object, or the JSON body. */
export function decodeResponseBody(res: ApiResponse): unknown {
  if (res.object !== undefined) return res.object;
  if (res.body === undefined || res.stream) return undefined;
  const type = mediaType(String(res.headers["content-type"] ?? ""));
  try {
    if (type === PROTOBUF_MEDIA_TYPE && typeof res.body !== "string") return decodeKubernetesProtobuf(res.body).object;
    if (!type.endsWith("json")) return undefined;
    return JSON.parse(typeof res.body === "string" ? res.body : res.body.toString("utf8"));
  } catch {
    return undefined;
  }
}

/** A body that is a meta/v1 Status: worth decoding even at Metadata level. */
export function looksLikeStatus(res: ApiResponse): boolean {
  if (res.object !== undefined) return (res.object as { kind?: unknown }).kind === "Status";
  if (res.body === undefined) return false;
  const head = typeof res.body === "string" ? res.body.slice(0, 32) : res.body.subarray(0, 32).toString("latin1");
  return /^\s*\{\s*"kind"\s*:\s*"Status"/.test(head);
}

/** responseStatus: the Status's bounded fields, or just the code for any other answer. */
export function responseStatus(code: number, body: unknown): ResponseStatus {
  const s = body as { kind?: unknown; status?: string; message?: string; reason?: string; details?: unknown; code?: number } | undefined;
  if (s?.kind !== "Status") return { metadata: {}, code };
  // Built in upstream's field order: metadata, status, message, reason, details, code.
  const out: Partial<ResponseStatus> = { metadata: {} };
  if (s.status) out.status = s.status;
  if (s.message) out.message = s.message;
  if (s.reason) out.reason = s.reason;
  if (s.details) out.details = s.details;
  out.code = s.code ?? code;
  return out as ResponseStatus;
}

/** A copy without metadata.managedFields, in objects, list items and table rows (omitManagedFields). */
export function withoutManagedFields(value: unknown): unknown {
  if (!value || typeof value !== "object" || Array.isArray(value)) return value;
  const o = value as Record<string, unknown>;
  let out = o;
  const meta = o.metadata as Record<string, unknown> | undefined;
  if (meta && typeof meta === "object" && "managedFields" in meta) {
    const { managedFields: _dropped, ...rest } = meta;
    out = { ...out, metadata: rest };
  }
  if (Array.isArray(o.items)) out = { ...out, items: o.items.map(withoutManagedFields) };
  if (o.kind === "Table" && Array.isArray(o.rows)) {
    out = { ...out, rows: o.rows.map((r: Record<string, unknown>) => (r && typeof r === "object" && r.object ? { ...r, object: withoutManagedFields(r.object) } : r)) };
  }
  return out;
}
