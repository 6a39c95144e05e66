/**
 * WATCH: served from one watch cache per resource, so each event is decoded
 * and serialised once for every watcher. Encodes the chunked JSON event
 * stream (ADDED, MODIFIED, DELETED, BOOKMARK, ERROR) with selectors applied,
 * initial events, bookmarks and timeouts as upstream.
 */
import { canonicalObject } from "../encoding/canonical.js";
import { ApiError, badRequest, tooOldResourceVersion } from "../../api/errors.js";
import type { KubeObject } from "../../api/types.js";
import { createCacher, type CacheEvent, type Cacher, type CacheWatch } from "../../storage/cacher/index.js";
import { isStorageError, type Store } from "../../storage/store.js";
import type { Clock } from "../../util/clock.js";
import type { ApiRequest, ApiResponse, StreamSink } from "../http/types.js";
import type { ResourceRegistry } from "../registry/registry.js";
import { allowedFields, objectFields } from "../registry/selectable-fields.js";
import { optionalQueryFlag, queryFlag } from "../query/flags.js";
import { parseFieldSelector } from "../selection/fields.js";
import { parseLabelSelector } from "../selection/labels.js";
import { responseForm, includeObjectParam } from "../handlers/encode.js";
import { toTable, partialObjectMetadata } from "../tables/table.js";
import { freezeForCache } from "./shared-subtrees.js";

export interface WatchServiceOptions {
  store: Store;
  clock: Clock;
  /** Bookmark interval for watchers that allow bookmarks. */
  bookmarkIntervalMs?: number;
  /** Default stream lifetime when the client names no timeoutSeconds. */
  defaultTimeoutMs?: number;
  /** Counts the events each watch sends (apiserver_watch_events_total). */
  metrics?: { watchEventCounter(group: string, version: string, kind: string): { value: number } };
}

export class WatchService {
  private readonly cachers = new Map<string, Cacher<KubeObject>>();
  /** Open streams by cache, so a resource that stops being served can end them. */
  private readonly streams = new Map<string, Set<() => void>>();

  constructor(private readonly opts: WatchServiceOptions) {}

  /** The watch cache of a resource, created on first use. */
  cacherFor(reg: ResourceRegistry): Cacher<KubeObject> {
    // By version too: resources sharing storage (core and events.k8s.io Events) decode differently.
    const id = `${reg.apiVersion} ${reg.prefix}`;
    let c = this.cachers.get(id);
    if (!c) {
      // Events are shared between watchers, so a deep per-watcher backlog costs references only.
      const field = reg.def.watchTriggerField;
      c = createCacher<KubeObject>({
        store: this.opts.store,
        prefix: reg.prefix,
        clock: this.opts.clock,
        decode: (kv, previous) => freezeForCache(reg.decode(kv), previous),
        wireJson: (kv) => reg.wireJson(kv),
        capacity: 1024,
        maxBacklog: 50_000,
        triggers: field ? { [field]: (o) => cachedFields(reg, o)[field] ?? "" } : undefined,
      });
      this.cachers.set(id, c);
    }
    return c;
  }

  /**
   * Ends every watch of a resource that is no longer served (a deleted
   * custom resource definition) cleanly, and drops its cache.
   */
  endResource(reg: ResourceRegistry): void {
    const id = `${reg.apiVersion} ${reg.prefix}`;
    for (const finish of [...(this.streams.get(id) ?? [])]) finish();
    this.streams.delete(id);
    this.cachers.get(id)?.close();
    this.cachers.delete(id);
  }

  async close(): Promise<void> {
    for (const c of this.cachers.values()) c.close();
    this.cachers.clear();
  }

  async serve(reg: ResourceRegistry, namespace: string | undefined, req: ApiRequest): Promise<ApiResponse> {
    const q = req.query;
    const form = responseForm(req.headers.accept, ["json", "table", "partial"]);
    const labels = parseLabelSelector(q.get("labelSelector"));
    const fields = parseFieldSelector(q.get("fieldSelector"), allowedFields(reg.def));
    const rvText = q.get("resourceVersion") ?? "";
    const sendInitial = optionalQueryFlag(q, "sendInitialEvents");
    const bookmarks = queryFlag(q, "allowWatchBookmarks");
    if (sendInitial !== undefined) {
      if (q.get("resourceVersionMatch") !== "NotOlderThan") throw new ApiError(422, "Invalid", `ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan`);
      if (sendInitial && !bookmarks) throw new ApiError(422, "Invalid", `ListOptions.meta.k8s.io "" is invalid: allowWatchBookmarks: Forbidden: sendInitialEvents requires allowWatchBookmarks to be true`);
    }
    const rv = rvText === "" ? 0 : Number(rvText);
    if (!Number.isInteger(rv) || rv < 0) throw badRequest(`resourceVersion: Invalid value: "${rvText}": must be a valid resourceVersion`);
    const initialEvents = sendInitial ?? (rvText === "" || rvText === "0");
    const timeoutSec = q.get("timeoutSeconds");
    const timeoutMs = timeoutSec ? Number(timeoutSec) * 1000 : this.opts.defaultTimeoutMs ?? (1800 + Math.random() * 1800) * 1000;
    const includeObject = form === "table" ? includeObjectParam(q) : "Object";
    const cacher = this.cacherFor(reg);
    await cacher.ready;
    const sent = this.opts.metrics?.watchEventCounter(reg.def.group, reg.def.version, reg.def.kind) ?? { value: 0 };
    const prefix = reg.listPrefix(namespace);
    const nameFilter = fields.exact("metadata.name");
    // The namespace needs no test: an object's key (under prefix) names it.
    const matches = (o: KubeObject | undefined) =>
      !!o && (nameFilter === undefined || o.metadata.name === nameFilter) && labels.matches(o.metadata.labels) && (fields.empty || fields.matches(cachedFields(reg, o)));
    const simple = labels.empty && fields.empty;
    let headerSent = false;
    const encodeObj = (ev: CacheEvent<KubeObject>, obj: KubeObject, sameAsEvent: boolean): string => {
      if (form === "json") return sameAsEvent ? ev.encoded.json() : JSON.stringify(obj);
      if (form === "partial") return JSON.stringify(partialObjectMetadata(obj));
      const t = toTable(reg.def, [obj], { now: this.opts.clock.now() }, { includeObject, noHeaders: headerSent, listMeta: { resourceVersion: obj.metadata.resourceVersion } });
      headerSent = true;
      return JSON.stringify(t);
    };
    const bookmark = (sink: StreamSink, revision: number, extra?: Record<string, string>) => {
      const obj = { kind: reg.def.kind, apiVersion: reg.apiVersion, metadata: { resourceVersion: String(revision), ...(extra ? { annotations: extra } : {}) } };
      const wire = form === "partial" ? partialObjectMetadata(obj as KubeObject) : obj;
      sent.value++;
      return objectMode(sink) ? sink.writeEvent!("BOOKMARK", wire) : sink.write(`{"type":"BOOKMARK","object":${JSON.stringify(wire)}}\n`);
    };
    // In-process clients asking for plain JSON take the cached objects themselves.
    const objectMode = (sink: StreamSink) => form === "json" && sink.writeEvent !== undefined;

    return {
      status: 200,
      headers: { "content-type": "application/json", "transfer-encoding": "chunked", "cache-control": "no-cache, private" },
      stream: (sink: StreamSink, signal: AbortSignal) =>
        new Promise<void>((resolve) => {
          let closed = false;
          let lastRevision = rv;
          const asObjects = objectMode(sink);
          const timers: { cancel(): void }[] = [];
          let handle: CacheWatch | undefined;
          const streamId = `${reg.apiVersion} ${reg.prefix}`;
          const finish = () => {
            if (closed) return;
            closed = true;
            this.streams.get(streamId)?.delete(finish);
            handle?.close();
            for (const t of timers) t.cancel();
            signal.removeEventListener("abort", finish);
            sink.end();
            resolve();
          };
          signal.addEventListener("abort", finish, { once: true });
          let open = this.streams.get(streamId);
          if (!open) this.streams.set(streamId, (open = new Set()));
          open.add(finish);
          // A watcher that takes bookmarks hears one as its watch times out (upstream sends it
          // just before the deadline): it resumes from there, not from an older revision the
          // cache may no longer hold.
          const expire = () => {
            if (!bookmarks || !handle) return finish();
            handle.progress((revision) => {
              if (!closed) bookmark(sink, revision);
              finish();
            });
            timers.push(this.opts.clock.setTimeout(finish, 5_000));
          };
          timers.push(this.opts.clock.setTimeout(expire, timeoutMs));
          const fail = (err: ApiError) => {
            sent.value++;
            if (asObjects) sink.writeEvent!("ERROR", err.toStatus());
            else sink.write(`{"type":"ERROR","object":${JSON.stringify(canonicalObject(err.toStatus()))}}\n`);
            finish();
          };
          // Objects of a resource with an asynchronous conversion are converted per event, in order.
          const writeConverted = async (type: string, ev: CacheEvent<KubeObject>): Promise<void> => {
            let obj: KubeObject;
            try {
              [obj] = (await reg.fromStorage([ev.object])) as [KubeObject];
            } catch (err) {
              return fail(err instanceof ApiError ? err : new ApiError(500, "InternalError", (err as Error).message));
            }
            if (closed) return;
            if (asObjects) return void sink.writeEvent!(type, obj);
            if (!sink.write(Buffer.from(`{"type":"${type}","object":${encodeObj(ev, obj, false)}}\n`))) return sink.drained();
          };
          const onEvent = (ev: CacheEvent<KubeObject>): void | Promise<void> => {
            if (closed) return;
            if (!ev.key.startsWith(prefix)) return;
            lastRevision = ev.revision;
            let type: string = ev.type;
            if (!simple) {
              const now = matches(ev.object);
              const before = ev.type === "MODIFIED" ? matches(ev.prevObject) : false;
              if (ev.type === "DELETED") {
                if (!now) return;
              } else if (now && !before && ev.type === "MODIFIED") type = "ADDED";
              else if (!now && before) type = "DELETED";
              else if (!now) return;
            }
            sent.value++;
            if (reg.def.conversion) return writeConverted(type, ev);
            if (asObjects) return void sink.writeEvent!(type, ev.object);
            // A slow client holds back its own stream only; the cache drops it if it falls too far behind.
            const line = form === "json" && type === ev.type ? sharedLine(ev) : Buffer.from(`{"type":"${type}","object":${encodeObj(ev, ev.object, true)}}\n`);
            if (!sink.write(line)) return sink.drained();
          };
          try {
            const triggerField = reg.def.watchTriggerField;
            const triggerValue = triggerField ? fields.exact(triggerField) : undefined;
            handle = cacher.watch(
              rv,
              {
                initialEvents,
                trigger: triggerField && triggerValue !== undefined ? { name: triggerField, value: triggerValue } : undefined,
                onInitialEventsEnd: (revision) => {
                  if (sendInitial) bookmark(sink, revision, { "k8s.io/initial-events-end": "true" });
                },
                onError: (e) => fail(isStorageError(e, "Compacted") ? tooOldResourceVersion(lastRevision, cacher.revision()) : new ApiError(500, "InternalError", (e as Error).message)),
              },
              onEvent,
            );
          } catch (err) {
            if (isStorageError(err, "Compacted")) return fail(tooOldResourceVersion(rv, cacher.revision()));
            return fail(err instanceof ApiError ? err : new ApiError(500, "InternalError", (err as Error).message));
          }
          if (bookmarks) {
            timers.push(this.opts.clock.setInterval(() => handle?.progress((revision) => !closed && bookmark(sink, revision)), this.opts.bookmarkIntervalMs ?? 60_000));
          }
        }),
    };
  }
}

/**
 * Wire forms of the latest events, of every resource. Watchers are sent an
 * event soon after its arrival, so this window serves nearly every send
 * (one that lags further encodes its own copy); one per event in every
 * cache's event window would hold tens of thousands of lines as buffers
 * outside the heap for watchers that resume rarely.
 */
const RECENT_LINES = 1024;
const lines = new Map<CacheEvent<KubeObject>, Buffer>();
const fieldSets = new WeakMap<KubeObject, Record<string, string>>();

/**
 * An object's field-selector values, computed once for every watcher: cached
 * objects are frozen and shared, so hundreds of per-node pod watches
 * (spec.nodeName=...) filter each event without recomputing.
 */
export function cachedFields(reg: ResourceRegistry, o: KubeObject): Record<string, string> {
  let f = fieldSets.get(o);
  if (!f) fieldSets.set(o, (f = objectFields(reg.def, o)));
  return f;
}

/** The wire form of an event, encoded once and shared by every plain JSON watcher. */
function sharedLine(ev: CacheEvent<KubeObject>): Buffer {
  let b = lines.get(ev);
  if (!b) {
    if (lines.size >= RECENT_LINES) lines.delete(lines.keys().next().value!);
    lines.set(ev, (b = Buffer.from(`{"type":"${ev.type}","object":${ev.encoded.json()}}\n`)));
  }
  return b;
}
