/**
 * The storage layer: the Store contract, its three backends and the watch
 * cache. Other folders reach storage only through this file.
 */
import type { Store } from "./store.js";
import { createMemoryStore } from "./memory/memory-store.js";

export * from "./store.js";
export { createMemoryStore } from "./memory/memory-store.js";
export type { SqliteStoreOptions } from "./sqlite/sqlite-store.js";
export type { EtcdStoreOptions } from "./etcd/etcd-store.js";
export { createCacher, type Cacher, type CacherOptions, type CacheEvent, type CachedObject, type CacheWatchOptions } from "./cacher/index.js";

export type StoreKind = "memory" | "sqlite" | "etcd";

export interface OpenStoreOptions {
  kind: StoreKind;
  /** Required for sqlite: the directory holding state.db. */
  dataDir?: string;
  /** Required for etcd: client URLs. */
  etcdEndpoints?: string[];
}

/** Opens the configured backend; fails on missing options before touching anything. */
export async function openStore(opts: OpenStoreOptions): Promise<Store> {
  switch (opts.kind) {
    case "memory":
      return createMemoryStore();
    case "sqlite":
      if (!opts.dataDir) throw new Error("the sqlite store needs a data directory");
      // Backends load on demand: start-up pays only for the one in use.
      return (await import("./sqlite/sqlite-store.js")).openSqliteStore({ dataDir: opts.dataDir });
    case "etcd":
      if (!opts.etcdEndpoints?.length) throw new Error("the etcd store needs at least one endpoint (--etcd-endpoints)");
      return (await import("./etcd/etcd-store.js")).openEtcdStore({ endpoints: opts.etcdEndpoints });
    default: {
      const kind: never = opts.kind;
      throw new Error(`unknown storage kind ${String(kind)}`);
    }
  }
}
