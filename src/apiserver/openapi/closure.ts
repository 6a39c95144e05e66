/** Which definitions a document must carry: everything its paths reference, transitively. */
import type { Schema } from "./schema.js";
import { refName } from "./schema.js";

function collectRefs(value: unknown, out: string[]): void {
  if (Array.isArray(value)) {
    for (const v of value) collectRefs(v, out);
  } else if (typeof value === "object" && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      if (k === "$ref" && typeof v === "string") {
        const name = refName(v);
        if (name) out.push(name);
      } else collectRefs(v, out);
    }
  }
}

/**
 * Names of the definitions reachable from roots (any JSON holding $refs),
 * sorted. Names with no definition are left out.
 */
export function referencedDefinitions(roots: unknown, definitions: Record<string, Schema>): string[] {
  const seen = new Set<string>();
  const queue: string[] = [];
  collectRefs(roots, queue);
  while (queue.length) {
    const name = queue.pop()!;
    if (seen.has(name) || !definitions[name]) continue;
    seen.add(name);
    collectRefs(definitions[name], queue);
  }
  return [...seen].sort();
}
