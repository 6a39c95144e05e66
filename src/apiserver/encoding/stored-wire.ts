/**
 * The wire JSON of a stored object without parsing and encoding it again.
 * The registry stores JSON.stringify of the object in upstream's field
 * order without metadata.resourceVersion; decoding sets kind, apiVersion and
 * the resourceVersion (after name, generateName, namespace, selfLink and
 * uid). When the stored text starts with the kind and apiVersion served and
 * metadata opens with only plain string fields, splicing the
 * resourceVersion into the text gives exactly JSON.stringify of the decoded
 * object; otherwise the answer is undefined and the caller encodes.
 */
const BEFORE_RESOURCE_VERSION = new Set(["name", "generateName", "namespace", "selfLink", "uid"]);

/** The end of the JSON string starting at text[start] (a quote): the index after its closing quote, or -1. */
function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5c) i++;
    else if (c === 0x22) return i + 1;
  }
  return -1;
}

/** prefix: `{"kind":"<kind>","apiVersion":"<apiVersion>","metadata":{` as the registry writes it. */
export function storedObjectPrefix(kind: string, apiVersion: string): string {
  return `{"kind":${JSON.stringify(kind)},"apiVersion":${JSON.stringify(apiVersion)},"metadata":{`;
}

/** stored: the stored text without its trailing newline. */
export function wireJsonFromStored(stored: string, prefix: string, resourceVersion: string): string | undefined {
  if (!stored.startsWith(prefix)) return undefined;
  const rv = `"resourceVersion":${JSON.stringify(resourceVersion)}`;
  let i = prefix.length;
  if (stored.charCodeAt(i) === 0x7d) return `${stored.slice(0, i)}${rv}${stored.slice(i)}`;
  for (;;) {
    // At a member of metadata: "key":value
    if (stored.charCodeAt(i) !== 0x22) return undefined;
    const keyEnd = stringEnd(stored, i);
    if (keyEnd < 0 || stored.charCodeAt(keyEnd) !== 0x3a) return undefined;
    const key = stored.slice(i + 1, keyEnd - 1);
    if (key === "resourceVersion") return undefined;
    if (!BEFORE_RESOURCE_VERSION.has(key)) return `${stored.slice(0, i)}${rv},${stored.slice(i)}`;
    if (stored.charCodeAt(keyEnd + 1) !== 0x22) return undefined;
    const valueEnd = stringEnd(stored, keyEnd + 1);
    if (valueEnd < 0) return undefined;
    const next = stored.charCodeAt(valueEnd);
    if (next === 0x7d) return `${stored.slice(0, valueEnd)},${rv}${stored.slice(valueEnd)}`;
    if (next !== 0x2c) return undefined;
    i = valueEnd + 1;
  }
}
