/**
 * The Reflector keeps a sink in step with the server (client-go's
 * Reflector): list in pages at one consistent resourceVersion, hand the
 * result to sink.replace(), then watch from that version with bookmarks.
 *
 * - A watch that ends normally (server timeout) is re-opened from the last
 *   resourceVersion seen: nothing is missed, nothing re-listed.
 * - 410 Expired/Gone (compaction), on open or as an ERROR event: relist at once.
 * - Any other failure: back off (800ms doubling to 30s, on the Clock), then
 *   re-watch for network failures and relist for API errors.
 */
import { ApiError } from "../api/errors.js";
import type { Clock } from "../util/clock.js";
import type { Client, GVR, KubeObject, ObjectList, WatchEvent } from "./types.js";
import { freezeForCache } from "../apiserver/watch/shared-subtrees.js";

export type DeltaType = "ADDED" | "MODIFIED" | "DELETED";

/** Where a Reflector delivers what it learns. */
export interface ReflectorSink<T extends KubeObject> {
  /** The complete current state, after a list. */
  replace(items: T[], resourceVersion: string): void;
  /** One change, from a watch. */
  apply(type: DeltaType, obj: T): void;
}

export interface ReflectorOptions {
  client: Client;
  clock: Clock;
  gvr: GVR;
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** Page size of lists; default 500 (client-go's pager). */
  pageSize?: number;
  /** First back-off after a failure; default 800ms. */
  initialBackoffMs?: number;
  /** Back-off cap; default 30s. */
  maxBackoffMs?: number;
  /** Watches ask the server to end them after a random time in [min, 2*min); default 5 minutes. */
  minWatchTimeoutMs?: number;
  log?: (msg: string) => void;
}

type WatchResult = { err?: Error; events: number };

export class Reflector<T extends KubeObject> {
  private resourceVersion = "";
  /** The server answered a list at our last resourceVersion with 410 or "too large": list from storage next. */
  private lastSyncUnavailable = false;
  /** The server pages lists even at resourceVersion "0" (it has no watch cache). */
  private paginatedResult = false;
  private backoffMs: number;

  constructor(
    private readonly opts: ReflectorOptions,
    private readonly sink: ReflectorSink<T>,
  ) {
    this.backoffMs = opts.initialBackoffMs ?? 800;
  }

  /** The resourceVersion of the last list, event or bookmark. */
  lastSyncResourceVersion(): string {
    return this.resourceVersion;
  }

  /** Lists and watches until signal aborts. Never rejects. */
  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        await this.list();
      } catch (err) {
        this.log(`failed to list ${this.what()}: ${(err as Error).message}`);
        if (!(await this.backoff(signal))) return;
        continue;
      }
      if (signal.aborted) return;
      for (;;) {
        const started = this.opts.clock.now();
        const result = await this.watch(signal);
        if (signal.aborted) return;
        if (!result.err) {
          if (result.events > 0 || this.opts.clock.now() > started) {
            this.resetBackoff();
            continue;
          }
          // Closed at once with nothing said: do not spin.
          if (!(await this.backoff(signal))) return;
          continue;
        }
        if (isExpired(result.err)) {
          this.log(`watch of ${this.what()} ended: ${result.err.message}; relisting`);
          break;
        }
        this.log(`watch of ${this.what()} failed: ${result.err.message}`);
        if (!(await this.backoff(signal))) return;
        if (result.err instanceof ApiError) break;
      }
    }
  }

  /**
   * The resourceVersion to list at, as client-go's: "0" at first (any
   * recent state, which the server's watch cache answers), then the last
   * one synced (a state at least that new, also from the cache), and ""
   * (the newest state, from storage) once the server said it no longer has
   * the last one.
   */
  private relistResourceVersion(): string {
    if (this.lastSyncUnavailable) return "";
    return this.resourceVersion === "" ? "0" : this.resourceVersion;
  }

  private async list(): Promise<void> {
    const rv = this.relistResourceVersion();
    let result: { items: T[]; resourceVersion: string; paginated: boolean };
    try {
      result = await this.listAt(rv);
    } catch (err) {
      if (!(isExpired(err) || isTooLargeResourceVersion(err)) || rv === "") throw err;
      this.lastSyncUnavailable = true;
      result = await this.listAt("");
    }
    // A paged answer to "0" means no watch cache answered: keep paging later lists too.
    if (rv === "0" && result.paginated) this.paginatedResult = true;
    this.lastSyncUnavailable = false;
    this.resourceVersion = result.resourceVersion;
    this.sink.replace(result.items, this.resourceVersion);
  }

  private async listAt(resourceVersion: string): Promise<{ items: T[]; resourceVersion: string; paginated: boolean }> {
    const { client, gvr, namespace, labelSelector, fieldSelector } = this.opts;
    const base = { namespace, labelSelector, fieldSelector, resourceVersion: resourceVersion || undefined, sharedObjects: true };
    // Like client-go: with a resourceVersion other than "0", an unpaged list lets the server answer from its cache.
    const pageSize = resourceVersion !== "" && resourceVersion !== "0" && !this.paginatedResult ? 0 : (this.opts.pageSize ?? 500);
    const items: T[] = [];
    let page: ObjectList<T>;
    let cont: string | undefined;
    let pages = 0;
    try {
      do {
        page = await client.list<T>(gvr, { ...base, limit: pageSize || undefined, continue: cont, ...(cont ? { resourceVersion: undefined } : {}) });
        pages++;
        for (const o of page.items) items.push(cached(withTypeMeta(o, page)));
        cont = page.metadata.continue || undefined;
      } while (cont);
    } catch (err) {
      if (!(cont && isExpired(err))) throw err;
      // The continue token expired mid-way: fall back to one full list, as client-go's pager does.
      items.length = 0;
      page = await client.list<T>(gvr, { ...base, resourceVersion: undefined });
      for (const o of page.items) items.push(cached(withTypeMeta(o, page)));
    }
    return { items, resourceVersion: page.metadata.resourceVersion ?? "", paginated: pages > 1 };
  }

  private watch(signal: AbortSignal): Promise<WatchResult> {
    const { client, gvr, namespace, labelSelector, fieldSelector } = this.opts;
    const min = this.opts.minWatchTimeoutMs ?? 300_000;
    const timeoutSeconds = Math.floor((min / 1000) * (1 + Math.random()));
    return new Promise<WatchResult>((resolve) => {
      let events = 0;
      let settled = false;
      const settle = (err?: Error) => {
        if (settled) return;
        settled = true;
        signal.removeEventListener("abort", onAbort);
        resolve({ err, events });
      };
      const onEvent = (ev: WatchEvent<T>) => {
        if (settled) return;
        events++;
        const rv = ev.object?.metadata?.resourceVersion;
        switch (ev.type) {
          case "ADDED":
          case "MODIFIED":
          case "DELETED":
            if (rv) this.resourceVersion = rv;
            this.sink.apply(ev.type, ev.object);
            break;
          case "BOOKMARK":
            if (rv) this.resourceVersion = rv;
            break;
          case "ERROR":
            break; // onClose follows with the error.
        }
      };
      const w = client.watch<T>(gvr, { namespace, labelSelector, fieldSelector, resourceVersion: this.resourceVersion, allowWatchBookmarks: true, timeoutSeconds }, onEvent, settle);
      const onAbort = () => {
        w.close();
        settle();
      };
      if (signal.aborted) onAbort();
      else if (!settled) signal.addEventListener("abort", onAbort, { once: true });
    });
  }

  /** Sleeps the current back-off and doubles it; false when aborted meanwhile. */
  private async backoff(signal: AbortSignal): Promise<boolean> {
    const ms = this.backoffMs;
    this.backoffMs = Math.min(ms * 2, this.opts.maxBackoffMs ?? 30_000);
    try {
      await this.opts.clock.sleep(ms, signal);
      return true;
    } catch {
      return false;
    }
  }

  private resetBackoff(): void {
    this.backoffMs = this.opts.initialBackoffMs ?? 800;
  }

  private what(): string {
    const { gvr } = this.opts;
    return gvr.group ? `${gvr.resource}.${gvr.version}.${gvr.group}` : `${gvr.resource}.${gvr.version}`;
  }

  private log(msg: string): void {
    this.opts.log?.(msg);
  }
}

function isTooLargeResourceVersion(err: unknown): boolean {
  return err instanceof ApiError && err.code === 504 && (err.details?.causes ?? []).some((c) => c.reason === "ResourceVersionTooLarge");
}

export function isExpired(err: unknown): boolean {
  return err instanceof ApiError && (err.code === 410 || err.reason === "Expired" || err.reason === "Gone");
}

/**
 * A listed object as informers keep it: frozen, its equal parts shared with
 * other objects, as watch events are decoded (shared-event-decoder.ts).
 * Objects of an in-process list are the watch cache's, frozen already.
 */
function cached<T extends KubeObject>(o: T): T {
  return Object.isFrozen(o) ? o : freezeForCache(o);
}

/** List items may omit kind and apiVersion; cached objects carry them (events and owner references need them). */
function withTypeMeta<T extends KubeObject>(o: T, list: ObjectList<T>): T {
  if (o.kind && o.apiVersion) return o;
  const kind = o.kind ?? (list.kind?.endsWith("List") ? list.kind.slice(0, -4) : undefined);
  return { ...o, kind, apiVersion: o.apiVersion ?? list.apiVersion };
}
