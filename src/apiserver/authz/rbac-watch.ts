/**
 * Keeps an RbacIndex current from the watch caches of the four RBAC
 * resources: their initial state, then every change. A watch that ends
 * (its consumer dropped, the cache re-listed) starts again from a fresh
 * list of that resource.
 */
import type { KubeObject } from "../../api/types.js";
import type { Cacher, CacheWatch } from "../../storage/cacher/index.js";
import type { RbacIndex, RbacKind } from "./rbac-index.js";

export interface RbacWatch {
  /** Resolves once every resource's current objects are in the index. */
  ready: Promise<void>;
  close(): void;
}

export function watchRbacObjects(index: RbacIndex, cachers: Record<RbacKind, Cacher<KubeObject>>): RbacWatch {
  const watches = new Map<RbacKind, CacheWatch>();
  let closed = false;
  const start = (kind: RbacKind, onSynced: () => void) => {
    if (closed) return;
    // The initial state replaces the old one at once, so no decision sees a half-filled index.
    let initial: KubeObject[] | undefined = [];
    let w: CacheWatch;
    try {
      w = cachers[kind].watch(
        0,
        {
          initialEvents: true,
          onInitialEventsEnd: () => {
            index.replace(kind, initial as never);
            initial = undefined;
            onSynced();
          },
          onError: () => start(kind, () => undefined),
        },
        (ev) => {
          if (initial) initial.push(ev.object);
          else index.apply(kind, ev.object as never, ev.type === "DELETED");
        },
      );
    } catch {
      return; // the cache was closed: the server is stopping
    }
    watches.set(kind, w);
  };
  const kinds = Object.keys(cachers) as RbacKind[];
  const ready = Promise.all(
    kinds.map(async (kind) => {
      await cachers[kind].ready;
      await new Promise<void>((resolve) => start(kind, resolve));
    }),
  ).then(() => undefined);
  return {
    ready,
    close() {
      closed = true;
      for (const w of watches.values()) w.close();
      watches.clear();
    },
  };
}
