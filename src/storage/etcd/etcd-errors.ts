import { StorageError } from "../store.js";

const COMPACTED = "required revision has been compacted";
const FUTURE = "required revision is a future revision";

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

export function isCompactedError(err: unknown): boolean {
  return message(err).includes(COMPACTED);
}

/** Maps an etcd client error onto the Store's error codes. */
export function etcdError(key: string, err: unknown): StorageError {
  if (err instanceof StorageError) return err;
  const msg = message(err);
  if (msg.includes(COMPACTED)) return new StorageError("Compacted", key, msg);
  if (msg.includes(FUTURE)) return new StorageError("TooLarge", key, msg);
  return new StorageError("Unavailable", key, msg);
}

/** etcd's range end for a prefix: the prefix with its last byte below 0xff incremented; "\0" (everything) for the empty prefix. */
export function prefixEndBytes(prefix: string): Buffer {
  const b = Buffer.from(prefix, "utf8");
  for (let i = b.length - 1; i >= 0; i--) {
    if (b[i]! < 0xff) {
      const end = Buffer.from(b.subarray(0, i + 1));
      end[i]! += 1;
      return end;
    }
  }
  return Buffer.from([0]);
}
