/**
 * The REST client: builds upstream's URLs and query strings, sends JSON,
 * and turns failures into ApiErrors. Watches are decoded line by line; an
 * ERROR event is delivered to onEvent and then ends the watch with its
 * error.
 */
import type { Status } from "../api/errors.js";
import { errorFromResponse, errorFromStatus } from "./api-errors.js";
import { TransportStatusError } from "./transport-error.js";
import type {
  Client,
  DeleteOptions,
  GVR,
  KubeObject,
  ListOptions,
  ObjectList,
  PatchType,
  Transport,
  TransportResponse,
  WatchEvent,
  WatchOptions,
  WriteOptions,
} from "./types.js";
import { WatchDecoder } from "./watch-decoder.js";

export interface ClientOptions {
  transport: Transport;
  /** Who this client is (component name and host), for events and leases. */
  identity: string;
  /** Sent as User-Agent; defaults to "skiff/<identity>". */
  userAgent?: string;
}

export const PATCH_CONTENT_TYPES: Record<PatchType, string> = {
  json: "application/json-patch+json",
  merge: "application/merge-patch+json",
  strategic: "application/strategic-merge-patch+json",
  apply: "application/apply-patch+yaml",
};

/** "/api/v1" or "/apis/<group>/<version>". */
export function groupVersionPath(gvr: GVR): string {
  return gvr.group ? `/apis/${gvr.group}/${gvr.version}` : `/api/${gvr.version}`;
}

/** The path of a collection, an object, or an object's subresource. */
export function resourcePath(gvr: GVR, namespace: string | undefined, name?: string, subresource?: string): string {
  let p = groupVersionPath(gvr);
  if (namespace) p += `/namespaces/${encodeURIComponent(namespace)}`;
  p += `/${gvr.resource}`;
  if (name) p += `/${encodeURIComponent(name)}`;
  if (name && subresource) p += `/${subresource}`;
  return p;
}

/** A query string ("" or "?a=b&...") from defined values. */
export function queryString(params: Record<string, string | number | boolean | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== "") q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : "";
}

function listParams(o: ListOptions): Record<string, string | number | undefined> {
  return {
    labelSelector: o.labelSelector,
    fieldSelector: o.fieldSelector,
    limit: o.limit,
    continue: o.continue,
    resourceVersion: o.resourceVersion,
    resourceVersionMatch: o.resourceVersionMatch,
  };
}

function writeParams(o: WriteOptions | undefined, patchType?: PatchType): Record<string, string | boolean | undefined> {
  return {
    dryRun: o?.dryRun ? "All" : undefined,
    fieldManager: o?.fieldManager,
    force: patchType === "apply" && o?.force ? true : undefined,
  };
}

export function createClient(opts: ClientOptions): Client {
  const { transport, identity } = opts;
  const baseHeaders = { accept: "application/json", "user-agent": opts.userAgent ?? `skiff/${identity}` };

  const send = async (method: string, path: string, body?: unknown, contentType = "application/json", acceptObjects?: boolean): Promise<TransportResponse> => {
    const headers: Record<string, string> = { ...baseHeaders };
    let payload: Buffer | string | undefined;
    if (body !== undefined) {
      payload = typeof body === "string" || Buffer.isBuffer(body) ? body : JSON.stringify(body);
      headers["content-type"] = contentType;
    }
    return transport.request({ method, path, headers, body: payload, ...(acceptObjects ? { acceptObjects } : {}) });
  };

  const call = async <T>(method: string, path: string, body?: unknown, contentType?: string, acceptObjects?: boolean): Promise<T> => {
    const res = await send(method, path, body, contentType, acceptObjects);
    if (res.status < 200 || res.status > 299) throw errorFromResponse(res.status, res.body, method);
    if (res.object !== undefined) return res.object as T;
    return (res.body.length ? JSON.parse(res.body.toString("utf8")) : undefined) as T;
  };

  return {
    identity,

    get: (gvr, namespace, name) => call("GET", resourcePath(gvr, namespace, name)),

    list: (gvr, o = {}) => call("GET", resourcePath(gvr, o.namespace) + queryString(listParams(o)), undefined, undefined, o.sharedObjects),

    watch<T extends KubeObject>(gvr: GVR, o: WatchOptions, onEvent: (ev: WatchEvent<T>) => void, onClose: (err?: Error) => void) {
      const path =
        resourcePath(gvr, o.namespace) +
        queryString({
          watch: true,
          ...listParams(o),
          allowWatchBookmarks: o.allowWatchBookmarks || undefined,
          timeoutSeconds: o.timeoutSeconds,
          sendInitialEvents: o.sendInitialEvents,
        });
      const decoder = new WatchDecoder<T>();
      let done = false;
      let handle: { close(): void } | undefined;
      const finish = (err?: Error) => {
        if (done) return;
        done = true;
        handle?.close();
        onClose(err);
      };
      const deliver = (events: WatchEvent<T>[]) => {
        for (const ev of events) {
          if (done) return;
          onEvent(ev);
          if (ev.type === "ERROR") return finish(errorFromStatus(ev.object as unknown as Partial<Status>));
        }
      };
      handle = transport.stream(
        { method: "GET", path, headers: { ...baseHeaders } },
        (chunk) => {
          if (done) return;
          try {
            deliver(decoder.push(chunk));
          } catch (err) {
            finish(err as Error);
          }
        },
        (err) => {
          if (done) return;
          if (err instanceof TransportStatusError) return finish(errorFromResponse(err.status, err.body, "GET"));
          if (!err) {
            try {
              deliver(decoder.end());
            } catch (e) {
              return finish(e as Error);
            }
          }
          finish(err);
        },
        (ev) => {
          if (!done) deliver([ev as WatchEvent<T>]);
        },
      );
      if (done) handle.close();
      return {
        close: () => {
          // The caller ended it: onClose is not called.
          done = true;
          handle?.close();
        },
      };
    },

    create: (gvr, namespace, obj, o) => call("POST", resourcePath(gvr, namespace) + queryString(writeParams(o)), obj),

    update: (gvr, namespace, obj, o) => call("PUT", resourcePath(gvr, namespace, obj.metadata.name, o?.subresource) + queryString(writeParams(o)), obj),

    patch: (gvr, namespace, name, type, patch, o) =>
      call("PATCH", resourcePath(gvr, namespace, name, o?.subresource) + queryString(writeParams(o, type)), patch, PATCH_CONTENT_TYPES[type]),

    async delete(gvr, namespace, name, o?: DeleteOptions) {
      const body = o
        ? {
            kind: "DeleteOptions",
            apiVersion: "v1",
            gracePeriodSeconds: o.gracePeriodSeconds,
            propagationPolicy: o.propagationPolicy,
            preconditions: o.preconditions,
            dryRun: o.dryRun ? ["All"] : undefined,
          }
        : undefined;
      await call("DELETE", resourcePath(gvr, namespace, name) + queryString({ dryRun: o?.dryRun ? "All" : undefined }), body);
    },

    createSubresource: (gvr, namespace, name, subresource, body) =>
      call("POST", name ? resourcePath(gvr, namespace, name, subresource) : resourcePath(gvr, namespace), body),

    raw: (method, path, body, headers) => {
      if (!headers) return send(method, path, body);
      const payload = body === undefined || typeof body === "string" || Buffer.isBuffer(body) ? body : JSON.stringify(body);
      return transport.request({ method, path, headers: { ...baseHeaders, ...(payload !== undefined ? { "content-type": "application/json" } : {}), ...headers }, body: payload as Buffer | string | undefined });
    },
  };
}

export type { ObjectList };
