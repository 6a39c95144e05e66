/**
 * Value transformers, as upstream's storage/value package: a stored value
 * is the plaintext written by the registry, or a prefix naming how it was
 * encrypted followed by the encrypted bytes.
 *
 * Store values are strings. Encrypted bytes travel in them one byte per
 * character (latin1), so that every byte round-trips through SQLite's TEXT
 * column and etcd unchanged; plaintext is never re-encoded.
 *
 * Example (aescbc with a key named key1):
 *   '{"kind":"Secret",...}\n'  <->  "k8s:enc:aescbc:v1:key1:" + IV + ciphertext
 */

/** The prefix reserved for encrypted values; identity refuses to read values that carry it. */
export const ENCRYPTED_PREFIX = "k8s:enc:";

export interface ReadResult {
  value: string;
  /**
   * Read with a provider or key other than the first: the next write must
   * re-encrypt even if the object did not change (key rotation).
   */
  stale: boolean;
}

/**
 * Turns values into their stored form and back. `key` is the storage key,
 * used as authenticated data by providers that authenticate (aesgcm), so a
 * value copied under another key does not decrypt.
 */
export interface Transformer {
  read(stored: string, key: string): ReadResult;
  write(plain: string, key: string): string;
}

/** A transformer behind the prefix that marks values written by it. */
export interface PrefixTransformer {
  prefix: string;
  transformer: Transformer;
}

/** Failure to turn a stored value back into plaintext (or to encrypt one). */
export class TransformError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TransformError";
  }
}

/** Records each transformation: upstream's apiserver_storage_transformation_operations_total. */
export type TransformationObserver = (type: "from_storage" | "to_storage", prefix: string, ok: boolean) => void;

/**
 * Tries the transformers whose prefix the value carries, in order; writes
 * with the first. As upstream: a read through any but the first is stale,
 * a prefix match that fails to decrypt lets later matches try (two keys of
 * one provider share a prefix), and an empty prefix (identity) that fails
 * is skipped silently.
 */
export function prefixTransformers(transformers: PrefixTransformer[], noMatch: string, observe?: TransformationObserver): Transformer {
  if (!transformers.length) throw new Error("prefixTransformers needs at least one transformer");
  const label = (prefix: string) => prefix || "identity";
  return {
    read(stored, key) {
      const errors: string[] = [];
      for (let i = 0; i < transformers.length; i++) {
        const { prefix, transformer } = transformers[i]!;
        if (!stored.startsWith(prefix)) continue;
        let result: ReadResult;
        try {
          result = transformer.read(stored.slice(prefix.length), key);
        } catch (err) {
          if (prefix === "") continue;
          observe?.("from_storage", label(prefix), false);
          errors.push((err as Error).message);
          continue;
        }
        observe?.("from_storage", label(prefix), true);
        return { value: result.value, stale: result.stale || i !== 0 };
      }
      if (errors.length) throw new TransformError(aggregate(errors));
      observe?.("from_storage", "unknown", false);
      throw new TransformError(noMatch);
    },
    write(plain, key) {
      const { prefix, transformer } = transformers[0]!;
      let out: string;
      try {
        out = transformer.write(plain, key);
      } catch (err) {
        observe?.("to_storage", prefix, false);
        throw err;
      }
      observe?.("to_storage", prefix, true);
      return prefix + out;
    },
  };
}

/** Go's errors.NewAggregate(...).Error(): one message alone, several in brackets. */
function aggregate(messages: string[]): string {
  const unique = [...new Set(messages)];
  return unique.length === 1 ? unique[0]! : `[${unique.join(", ")}]`;
}

/** A cipher over bytes, made a Transformer over store strings. */
export interface ByteCipher {
  decrypt(data: Buffer, authenticatedData: Buffer): Buffer;
  encrypt(data: Buffer, authenticatedData: Buffer): Buffer;
}

export function byteTransformer(cipher: ByteCipher): Transformer {
  return {
    read: (stored, key) => ({ value: cipher.decrypt(Buffer.from(stored, "latin1"), Buffer.from(key, "utf8")).toString("utf8"), stale: false }),
    write: (plain, key) => cipher.encrypt(Buffer.from(plain, "utf8"), Buffer.from(key, "utf8")).toString("latin1"),
  };
}

/** Plaintext, refusing values that are encrypted (upstream's identity provider). */
export const identityTransformer: Transformer = {
  read(stored) {
    if (stored.startsWith(ENCRYPTED_PREFIX)) throw new TransformError("identity transformer tried to read encrypted data");
    return { value: stored, stale: false };
  },
  write: (plain) => plain,
};
