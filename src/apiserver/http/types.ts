/**
 * The API server's transport-independent request and response. The HTTPS
 * server and the in-process loopback transport both speak these, so a
 * request runs the same pipeline (authn, authz, admission, registry) either way.
 */
import type { Duplex } from "node:stream";
import type { UserInfo } from "../../api/types.js";

export interface ApiRequest {
  method: string;
  /** Path without the query string, e.g. "/api/v1/namespaces/default/pods". */
  path: string;
  query: URLSearchParams;
  /** Lower-cased header names. */
  headers: Record<string, string | undefined>;
  /** Every value of each Impersonate-* header, where the transport keeps them apart (Impersonate-Group may repeat). */
  headerValues?: Record<string, string[]>;
  /** The raw body; undefined for bodiless methods. */
  body?: Buffer;
  /** Set by authentication; undefined means anonymous. */
  user?: UserInfo;
  /** The client's address as the socket reports it (X-Forwarded-For is not trusted); absent in-process. */
  remoteAddress?: string;
  /** Aborted when the client goes away. */
  signal: AbortSignal;
  /** An in-process caller that takes a response as an object (never set by the HTTPS server). */
  acceptsObjects?: boolean;
  /** An HTTP/1.1 upgrade request (exec, attach, port-forward): the client's connection and its first bytes. */
  upgrade?: { socket: Duplex; head: Buffer };
  /**
   * Set by the audit log (src/apiserver/audit) when this request is audited.
   * Later stages add to it and never replace it: copies of the request share it.
   */
  audit?: RequestAuditRecord;
}

/** What stages after authentication tell the audit log about a request. */
export interface RequestAuditRecord {
  /** Audit annotations, e.g. authorization.k8s.io/decision and authorization.k8s.io/reason. */
  annotations: Record<string, string>;
  /** Set by impersonation: the user the request acts as (the event's impersonatedUser). */
  impersonatedUser?: UserInfo;
}

/** A sink for streamed responses (watch). write() returns false when the client is slow. */
export interface StreamSink {
  write(chunk: string | Buffer): boolean;
  /**
   * Offered by in-process sinks: a watch event as an object (frozen, shared
   * with the watch cache) instead of its encoded line.
   */
  writeEvent?(type: string, object: object): boolean;
  end(): void;
  /** Resolves once the client has drained a slow write. */
  drained(): Promise<void>;
}

export interface ApiResponse {
  status: number;
  headers: Record<string, string | string[]>;
  body?: Buffer | string;
  /** Instead of body, for callers that accept objects: the value itself, possibly frozen and shared. */
  object?: unknown;
  /** For streamed responses: called once with the sink; resolves when the stream ends. */
  stream?: (sink: StreamSink, signal: AbortSignal) => Promise<void>;
  /** The handler took over the upgraded connection (req.upgrade); nothing more is written. */
  upgraded?: boolean;
}

export function jsonResponse(status: number, value: unknown, headers: Record<string, string | string[]> = {}): ApiResponse {
  return { status, headers: { "content-type": "application/json", ...headers }, body: `${JSON.stringify(value)}\n` };
}
