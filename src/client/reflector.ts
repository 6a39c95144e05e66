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

  private async list(): Promise<void> {
    const { client, gvr, namespace, labelSelector, fieldSelector } = this.opts;
    const base = { namespace, labelSelector, fieldSelector };
    const items: T[] = [];
    let page: ObjectList<T>;
    let cont: string | undefined;
    try {
      do {
        page = await client.list<T>(gvr, { ...base, limit: this.opts.pageSize ?? 500, continue: cont });
        for (const o of page.items) items.push(withTypeMeta(o, page));
        cont = page.metadata.continue || undefined;
      } while (cont);
    } catch (err) {
      if (!(cont && isExpired(err))) throw err;
      // The continue token expired mid-way: fall back to one full list, as client-go's pager does.
      items.length = 0;
      page = await client.list<T>(gvr, base);
      for (const o of page.items) items.push(withTypeMeta(o, page));
    }
    this.resourceVersion = page.metadata.resourceVersion ?? "";
    this.sink.replace(items, this.resourceVersion);
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

export function isExpired(err: unknown): boolean {
  return err instanceof ApiError && (err.code === 410 || err.reason === "Expired" || err.reason === "Gone");
}

/** List items may omit kind and apiVersion; cached objects carry them (events and owner references need them). */
function withTypeMeta<T extends KubeObject>(o: T, list: ObjectList<T>): T {
  if (o.kind && o.apiVersion) return o;
  const kind = o.kind ?? (list.kind?.endsWith("List") ? list.kind.slice(0, -4) : undefined);
  return { ...o, kind, apiVersion: o.apiVersion ?? list.apiVersion };
}
