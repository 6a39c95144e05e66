/**
 * What strict decoding finds in a request body beyond unknown fields:
 * duplicate keys, which JSON.parse and a lenient YAML parse drop silently
 * (the last value wins, as in upstream's lenient decoding). The findings
 * ride along with the decoded value in a side table, so that the registry
 * can report them when fieldValidation is Strict or Warn, in upstream's
 * words and order:
 *
 *   JSON:  duplicate field "spec.replicas"            (in document order,
 *          interleaved with unknown fields)
 *   YAML:  line 10: key "paused" already set in map   (before unknown fields)
 */
import type { LineCounter } from "yaml";
import { yaml } from "../../util/lazy-yaml.js";

export interface JsonKeyScan {
  /** Each field path ("spec.template.spec.containers[0].image") and where it first appears. */
  firstSeen: Map<string, number>;
  /** Repeated keys, with where the repeat appears. */
  duplicates: { path: string; at: number }[];
}

/**
 * JSON keeps its text, scanned only when a request asks for field
 * validation; YAML its go-yaml lines; an object made by a merge patch the
 * repeated paths of the patch, reported before the result's unknown fields.
 */
export type DecodeFindings = { format: "json"; text: string } | { format: "yaml"; duplicateLines: string[] } | { format: "patch"; duplicates: string[] };

/** The repeated key paths of a decoded JSON body, in document order. */
export function jsonDuplicatePaths(value: unknown): string[] {
  const f = decodeFindings(value);
  return f?.format === "json" && hasDuplicateKeys(f.text) ? scanJsonKeys(f.text).duplicates.map((d) => d.path) : [];
}

/** The index of the quote closing the JSON string that opens at start (escaped characters skipped). */
function stringEnd(text: string, start: number): number {
  let j = start + 1;
  while (j < text.length && text.charCodeAt(j) !== 0x22) j += text.charCodeAt(j) === 0x5c ? 2 : 1;
  return j;
}

/** The value of the JSON string between the quotes at start and end: unescaped only when it holds an escape. */
function stringText(text: string, start: number, end: number): string {
  const raw = text.slice(start + 1, end);
  return raw.includes("\\") ? (JSON.parse(text.slice(start, end + 1)) as string) : raw;
}

/**
 * Whether valid JSON text repeats a key within an object: scanJsonKeys'
 * duplicates are non-empty exactly then. Bodies almost never do, and this
 * check builds no paths, so the full scan runs only for the few that do.
 */
export function hasDuplicateKeys(text: string): boolean {
  // One key set per open object; null for an open list.
  const stack: (Set<string> | null)[] = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 0x22 /* " */) {
      const j = stringEnd(text, i);
      const top = stack[stack.length - 1];
      if (expectKey && top) {
        const key = stringText(text, i, j);
        if (top.has(key)) return true;
        top.add(key);
        expectKey = false;
      }
      i = j;
    } else if (ch === 0x7b /* { */) {
      stack.push(new Set());
      expectKey = true;
    } else if (ch === 0x5b /* [ */) {
      stack.push(null);
    } else if (ch === 0x7d /* } */ || ch === 0x5d /* ] */) {
      stack.pop();
    } else if (ch === 0x2c /* , */) {
      if (stack[stack.length - 1]) expectKey = true;
    }
  }
  return false;
}

const findings = new WeakMap<object, DecodeFindings>();

export function attachDecodeFindings(value: unknown, f: DecodeFindings): void {
  if (value !== null && typeof value === "object") findings.set(value, f);
}

export function decodeFindings(value: unknown): DecodeFindings | undefined {
  return value !== null && typeof value === "object" ? findings.get(value) : undefined;
}

type Frame = { kind: "object"; path: string; keys: Set<string>; key?: string } | { kind: "array"; path: string; index: number };

/** Scans valid JSON text for its keys, in document order, with upstream's field paths. */
export function scanJsonKeys(text: string): JsonKeyScan {
  const firstSeen = new Map<string, number>();
  const duplicates: { path: string; at: number }[] = [];
  const stack: Frame[] = [];
  let seq = 0;
  /** The path a value starting now will have. */
  const valuePath = (): string => {
    const top = stack[stack.length - 1];
    if (!top) return "";
    if (top.kind === "array") return `${top.path}[${top.index}]`;
    return top.path ? `${top.path}.${top.key}` : top.key!;
  };
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 0x22 /* " */) {
      const j = stringEnd(text, i);
      const top = stack[stack.length - 1];
      if (expectKey && top?.kind === "object") {
        const key = stringText(text, i, j);
        top.key = key;
        const path = top.path ? `${top.path}.${key}` : key;
        seq++;
        if (top.keys.has(key)) duplicates.push({ path, at: seq });
        else {
          top.keys.add(key);
          if (!firstSeen.has(path)) firstSeen.set(path, seq);
        }
        expectKey = false;
      }
      i = j;
    } else if (ch === 0x7b /* { */) {
      stack.push({ kind: "object", path: valuePath(), keys: new Set() });
      expectKey = true;
    } else if (ch === 0x5b /* [ */) {
      stack.push({ kind: "array", path: valuePath(), index: 0 });
    } else if (ch === 0x7d /* } */ || ch === 0x5d /* ] */) {
      stack.pop();
    } else if (ch === 0x2c /* , */) {
      const top = stack[stack.length - 1];
      if (top?.kind === "array") top.index++;
      else expectKey = true;
    }
  }
  return { firstSeen, duplicates };
}

/**
 * Parses YAML letting a repeated key win, as upstream's lenient decoding,
 * and lists the repeats as go-yaml words them: `line 5: key "name" already set in map`.
 */
export function parseYamlNoting(text: string): { value: unknown; duplicateLines: string[] } {
  const Y = yaml();
  const lineCounter: LineCounter = new Y.LineCounter();
  const doc = Y.parseDocument(text, { uniqueKeys: false, lineCounter });
  if (doc.errors.length) throw doc.errors[0];
  const duplicateLines: string[] = [];
  const walk = (node: unknown): void => {
    if (Y.isMap(node)) {
      const seen = new Set<unknown>();
      for (const pair of node.items) {
        const key = Y.isScalar(pair.key) ? pair.key.value : pair.key;
        if (seen.has(key)) {
          const line = Y.isNode(pair.key) && pair.key.range ? lineCounter.linePos(pair.key.range[0]).line : 0;
          duplicateLines.push(`line ${line}: key ${typeof key === "string" ? JSON.stringify(key) : String(key)} already set in map`);
        }
        seen.add(key);
        walk(pair.value);
      }
    } else if (Y.isSeq(node)) for (const item of node.items) walk(item);
  };
  walk(doc.contents);
  return { value: doc.toJS({ maxAliasCount: 100 }), duplicateLines };
}
