/**
 * The pod-template hash that names a Deployment's ReplicaSets
 * (`<deployment>-<hash>`, label pod-template-hash). As upstream: FNV-32a
 * over the template, then the collision count when there is one, printed in
 * decimal and spelled with apimachinery's SafeEncodeString alphabet (at most
 * 10 characters). The template is hashed as canonical JSON (sorted keys),
 * so the hash is stable across processes and key order.
 */
import type { PodTemplateSpec } from "kubernetes-types/core/v1.js";

const ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789";

/** Maps each character onto consonants and digits that spell no words (rand.SafeEncodeString). */
export function safeEncodeString(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) out += ALPHANUMS[s.charCodeAt(i) % ALPHANUMS.length];
  return out;
}

/** FNV-1a, 32 bits, continuing from `hash`. */
function fnv32a(bytes: Uint8Array, hash = 0x811c9dc5): number {
  let h = hash;
  for (const b of bytes) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** JSON with object keys sorted at every level. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(",")}]`;
  if (v && typeof v === "object") {
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonicalJson(x)}`).join(",")}}`;
  }
  return JSON.stringify(v) ?? "null";
}

/** controller.ComputeHash: the template hash, salted by collisionCount when set. */
export function computeHash(template: PodTemplateSpec | undefined, collisionCount?: number): string {
  let h = fnv32a(Buffer.from(canonicalJson(template ?? {}), "utf8"));
  if (collisionCount !== undefined && collisionCount !== null) {
    // Go writes the uint32 in little-endian order.
    const b = Buffer.alloc(4);
    b.writeUInt32LE(collisionCount >>> 0);
    h = fnv32a(b, h);
  }
  return safeEncodeString(String(h));
}
