/**
 * The client contracts every Skiff component programs against (as
 * client-go's): a REST Client over a Transport (HTTPS, or loopback into an
 * in-process API server), informers that list-then-watch into a local
 * cache, listers over that cache, and a rate-limited de-duplicating work
 * queue. Controllers never poll the API server: they react to informer
 * events and re-read from listers.
 *
 * Example:
 *   const pods = informers.forResource<Pod>({ group: "", version: "v1", resource: "pods" });
 *   pods.addEventHandler({ onAdd: (p) => queue.add(keyOf(p)), onUpdate: (_o, p) => queue.add(keyOf(p)), onDelete: (p) => queue.add(keyOf(p)) });
 *   informers.start(signal); await informers.waitForCacheSync(signal);
 *   const pod = pods.lister.get("default", "web-0");
 */
import type { KubeObject, UserInfo } from "../api/types.js";
import type { ApiRequest, ApiResponse } from "../apiserver/http/types.js";

/** A group/version/resource, the address of a resource in the API. */
export interface GVR {
  group: string;
  version: string;
  resource: string;
}

/** Moves requests: HTTPS to a server, or a direct call into an in-process one. */
export interface Transport {
  /** One request; the response body is complete (not for watches). */
  request(req: TransportRequest): Promise<TransportResponse>;
  /**
   * A streaming request (watch): lines are delivered as they arrive until
   * close() or the server ends it. A transport into an in-process server
   * may hand watch events to onEvent as objects instead (the server's own
   * frozen objects, shared, never encoded); others ignore it.
   */
  stream(req: TransportRequest, onChunk: (chunk: Buffer) => void, onEnd: (err?: Error) => void, onEvent?: (ev: WatchEvent) => void): { close(): void };
  close(): Promise<void>;
}

export interface TransportRequest {
  method: string;
  /** Path with query string, e.g. "/api/v1/namespaces/default/pods?limit=500". */
  path: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
  /** The caller takes the answer as an object if the transport can give one (in-process servers). */
  acceptObjects?: boolean;
}

export interface TransportResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** The answer as an object (frozen, shared with the server's cache), when the caller accepted one and the server gave one; body is then empty. */
  object?: unknown;
}

export interface ListOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
  resourceVersion?: string;
  resourceVersionMatch?: "Exact" | "NotOlderThan";
  /**
   * For read-only consumers (informers): the items may be the server's own
   * frozen objects when it runs in this process, instead of decoded copies.
   */
  sharedObjects?: boolean;
}

export interface WatchOptions extends ListOptions {
  allowWatchBookmarks?: boolean;
  timeoutSeconds?: number;
  sendInitialEvents?: boolean;
}

export interface WriteOptions {
  dryRun?: boolean;
  fieldManager?: string;
  /** Apply only: take ownership of conflicting fields. */
  force?: boolean;
}

export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: "Orphan" | "Background" | "Foreground";
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: boolean;
}

export type PatchType = "json" | "merge" | "strategic" | "apply";

export type WatchEventType = "ADDED" | "MODIFIED" | "DELETED" | "BOOKMARK" | "ERROR";

export interface WatchEvent<T = KubeObject> {
  type: WatchEventType;
  object: T;
}

export interface ObjectList<T = KubeObject> {
  apiVersion: string;
  kind: string;
  metadata: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  items: T[];
}

/**
 * A REST client for any resource. Failures reject with the server's
 * Status as an ApiError (src/api/errors.ts), so callers test e.g.
 * isApiError(err, "NotFound") or err.code === 409.
 */
export interface Client {
  get<T extends KubeObject = KubeObject>(gvr: GVR, namespace: string | undefined, name: string): Promise<T>;
  list<T extends KubeObject = KubeObject>(gvr: GVR, opts?: ListOptions): Promise<ObjectList<T>>;
  /** Streams events until close(); onError ends the watch (a 410 arrives as an ERROR event first). */
  watch<T extends KubeObject = KubeObject>(gvr: GVR, opts: WatchOptions, onEvent: (ev: WatchEvent<T>) => void, onClose: (err?: Error) => void): { close(): void };
  create<T extends KubeObject = KubeObject>(gvr: GVR, namespace: string | undefined, obj: T, opts?: WriteOptions): Promise<T>;
  update<T extends KubeObject = KubeObject>(gvr: GVR, namespace: string | undefined, obj: T, opts?: WriteOptions & { subresource?: string }): Promise<T>;
  patch<T extends KubeObject = KubeObject>(gvr: GVR, namespace: string | undefined, name: string, type: PatchType, patch: unknown, opts?: WriteOptions & { subresource?: string }): Promise<T>;
  delete(gvr: GVR, namespace: string | undefined, name: string, opts?: DeleteOptions): Promise<void>;
  /** POST to a subresource (pods/binding, pods/eviction) or a collection. */
  createSubresource<T = unknown>(gvr: GVR, namespace: string | undefined, name: string, subresource: string, body: unknown): Promise<T>;
  /** Raw request for anything else (discovery, logs). */
  raw(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<TransportResponse>;
  /** Who this client authenticates as (for events' reportingInstance and leases). */
  readonly identity: string;
}

/** Reads from an informer's cache. Objects are shared and frozen: never mutate them. */
export interface Lister<T extends KubeObject = KubeObject> {
  get(namespace: string | undefined, name: string): T | undefined;
  /** All cached objects, optionally in one namespace and matching a label selector string. */
  list(namespace?: string, labelSelector?: string): T[];
  /** Objects whose index value under indexName equals value. */
  byIndex(indexName: string, value: string): T[];
}

export interface EventHandler<T extends KubeObject = KubeObject> {
  onAdd?(obj: T): void;
  onUpdate?(oldObj: T, newObj: T): void;
  /** For a delete missed while disconnected, obj is the last known state. */
  onDelete?(obj: T): void;
}

/** Computes the index values of an object (e.g. pods by spec.nodeName). */
export type IndexFunc<T extends KubeObject = KubeObject> = (obj: T) => string[];

export interface Informer<T extends KubeObject = KubeObject> {
  readonly gvr: GVR;
  readonly lister: Lister<T>;
  /** Handlers added after start receive synthetic onAdd for the current cache. Returns a remover. */
  addEventHandler(handler: EventHandler<T>, resyncPeriodMs?: number): () => void;
  /** Must be called before start. */
  addIndexer(name: string, fn: IndexFunc<T>): void;
  hasSynced(): boolean;
  /** The resourceVersion of the last list or event seen. */
  lastSyncResourceVersion(): string;
}

export interface InformerOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
}

/** One shared informer per (resource, options) in a process. */
export interface InformerFactory {
  forResource<T extends KubeObject = KubeObject>(gvr: GVR, opts?: InformerOptions): Informer<T>;
  /** Starts every informer requested so far (and later ones as they are requested). */
  start(signal: AbortSignal): void;
  /** Resolves when every started informer has listed once. */
  waitForCacheSync(signal: AbortSignal): Promise<boolean>;
}

/**
 * A work queue of keys (client-go's rate-limiting work queue). Invariants:
 * a key is never processed by two workers at once; a key added while being
 * processed is processed again after done(); adding a queued key is a no-op.
 */
export interface WorkQueue<K = string> {
  add(key: K): void;
  /** Adds after the clock advances by ms. */
  addAfter(key: K, ms: number): void;
  /** Adds after the key's exponential back-off (5ms doubling to 1000s, as client-go's default). */
  addRateLimited(key: K): void;
  /** Resets the key's back-off. */
  forget(key: K): void;
  numRequeues(key: K): number;
  /** Waits for a key; resolves undefined once shutDown() and drained. */
  get(): Promise<K | undefined>;
  done(key: K): void;
  len(): number;
  shutDown(): void;
}

/** A component that runs until its signal aborts. */
export interface Component {
  readonly name: string;
  /** Resolves when the component is ready to serve (caches synced, listening). */
  readonly ready: Promise<void>;
  start(signal: AbortSignal): Promise<void>;
}

/** A controller: run(signal, workers) syncs keys until the signal aborts. */
export interface Controller {
  readonly name: string;
  run(signal: AbortSignal, workers: number): Promise<void>;
}

/** Thrown by sync(key) for failures that retrying cannot fix: logged and forgotten. */
export class PermanentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PermanentError";
  }
}

export type { KubeObject, UserInfo, ApiRequest, ApiResponse };

/** "namespace/name" or "name", as client-go's MetaNamespaceKeyFunc. */
export function keyOf(obj: { metadata: { namespace?: string; name?: string } }): string {
  return obj.metadata.namespace ? `${obj.metadata.namespace}/${obj.metadata.name}` : obj.metadata.name ?? "";
}

export function splitKey(key: string): { namespace?: string; name: string } {
  const i = key.indexOf("/");
  return i < 0 ? { name: key } : { namespace: key.slice(0, i), name: key.slice(i + 1) };
}
