/**
 * Encryption at rest as a Store decorator: values of the configured
 * resources are encrypted on their way into the backend and decrypted on
 * their way out (get, list, watch events, guaranteedUpdate's current
 * value), so the registry, the watch cache and every reader above see
 * plaintext while SQLite and etcd hold only ciphertext.
 *
 * A value read through a provider or key other than the first is stale:
 * guaranteedUpdate then rewrites it even when the object did not change,
 * which is how rewriting every Secret moves them to a new key.
 */
import { DELETE, StorageError, type KeyValue, type Store, type StoreEvent, type WatchHandlers } from "../../storage/store.js";
import type { ResourceTransformers } from "./config.js";
import type { KeyResolver } from "./resource-keys.js";
import { TransformError, type Transformer } from "./transformer.js";

export interface EncryptedStoreOptions {
  transformers: ResourceTransformers;
  resolveKey: KeyResolver;
}

export function createEncryptedStore(inner: Store, opts: EncryptedStoreOptions): Store {
  const transformerOf = (key: string): Transformer | undefined => {
    const gr = opts.resolveKey(key);
    return gr && opts.transformers.transformerFor(gr.group, gr.resource);
  };
  const read = (kv: KeyValue, describe?: (msg: string) => string): KeyValue => {
    const t = transformerOf(kv.key);
    if (!t) return kv;
    try {
      const { value, stale } = t.read(kv.value, kv.key);
      return stale ? { ...kv, value, stale } : { ...kv, value };
    } catch (err) {
      if (err instanceof TransformError && describe) throw new TransformError(describe(err.message));
      throw err;
    }
  };
  const write = (key: string, plain: string): string => transformerOf(key)?.write(plain, key) ?? plain;
  const decryptEvent = (ev: StoreEvent): StoreEvent => {
    const t = transformerOf(ev.key);
    if (!t) return ev;
    const out = { ...ev, value: t.read(ev.value, ev.key).value };
    if (ev.prevValue !== undefined) out.prevValue = t.read(ev.prevValue, ev.key).value;
    return out;
  };

  return {
    get: async (key) => {
      const kv = await inner.get(key);
      return kv && read(kv);
    },
    list: async (prefix, listOpts) => {
      const res = await inner.list(prefix, listOpts);
      return { ...res, items: res.items.map((kv) => read(kv, (msg) => `unable to transform key "${kv.key}": ${msg}`)) };
    },
    count: (prefix) => inner.count(prefix),
    create: async (key, value) => ({ ...(await inner.create(key, write(key, value))), value }),
    guaranteedUpdate: async (key, tryUpdate, updateOpts) => {
      const t = transformerOf(key);
      if (!t) return inner.guaranteedUpdate(key, tryUpdate, updateOpts);
      // The last attempt's stored and plain forms, to answer without decrypting what was just encrypted.
      let written: { stored: string; plain: string } | undefined;
      const res = await inner.guaranteedUpdate(
        key,
        async (current) => {
          const plainCurrent = current && read(current);
          const next = await tryUpdate(plainCurrent);
          if (next === DELETE) return DELETE;
          // Unchanged and under the current key: hand back the stored bytes so nothing is written.
          if (plainCurrent && !plainCurrent.stale && next === plainCurrent.value) return current!.value;
          written = { stored: t.write(next, key), plain: next };
          return written.stored;
        },
        updateOpts,
      );
      const value = written && res.kv.value === written.stored ? written.plain : t.read(res.kv.value, key).value;
      return { ...res, kv: { ...res.kv, value } };
    },
    delete: async (key, preconditions) => {
      const kv = await inner.delete(key, preconditions);
      return read(kv);
    },
    watch: (prefix, fromRevision, handlers: WatchHandlers) => {
      let failed = false;
      return inner.watch(prefix, fromRevision, {
        onEvents: (events) => {
          if (failed) return;
          let plain: StoreEvent[];
          try {
            plain = events.map(decryptEvent);
          } catch (err) {
            // A value this server cannot read ends the watch; the watch cache relists and reports it.
            failed = true;
            handlers.onError(new StorageError("Unavailable", prefix, `unable to transform a watch event: ${(err as Error).message}`));
            return;
          }
          handlers.onEvents(plain);
        },
        onError: (err) => handlers.onError(err),
        ...(handlers.onProgress ? { onProgress: (rev: number) => handlers.onProgress!(rev) } : {}),
      });
    },
    compact: (revision) => inner.compact(revision),
    currentRevision: () => inner.currentRevision(),
    compactedRevision: () => inner.compactedRevision(),
    close: () => inner.close(),
  };
}
