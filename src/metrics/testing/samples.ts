/**
 * Reads the text exposition format back into samples, for tests: each
 * sample line as its metric name, labels and value.
 */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

export function parseSamples(text: string): Sample[] {
  const out: Sample[] = [];
  for (const line of text.split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const m = LINE.exec(line);
    if (!m) throw new Error(`not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? "").matchAll(LABEL)) labels[l[1]] = l[2].replace(/\\(.)/g, (_s, c: string) => (c === "n" ? "\n" : c));
    out.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return out;
}

/** The samples of a metric whose labels include all of want. */
export function findSamples(samples: Sample[], name: string, want: Record<string, string> = {}): Sample[] {
  return samples.filter((s) => s.name === name && Object.entries(want).every(([k, v]) => s.labels[k] === v));
}

/** The value of the one sample of a metric with exactly these labels; undefined when absent. */
export function sampleValue(samples: Sample[], name: string, labels: Record<string, string>): number | undefined {
  const keys = Object.keys(labels).sort().join(",");
  const hit = samples.filter((s) => s.name === name && Object.keys(s.labels).sort().join(",") === keys && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  if (hit.length > 1) throw new Error(`${name}: ${hit.length} samples with labels ${JSON.stringify(labels)}`);
  return hit[0]?.value;
}
