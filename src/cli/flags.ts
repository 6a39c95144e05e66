/**
 * A small flag parser in the style of upstream's pflag: `--name value`,
 * `--name=value`, booleans, repeated values, and an error for unknown flags.
 */
export type FlagKind = "string" | "int" | "bool" | "duration" | "stringArray";

export interface FlagSpec {
  name: string;
  kind: FlagKind;
  default?: string | number | boolean | string[];
  usage: string;
}

export type FlagValues = Record<string, string | number | boolean | string[] | undefined>;

export class FlagError extends Error {}

/** Parses "40s", "3m", "1h30m", "500ms" into milliseconds (Go's time.ParseDuration units). */
export function parseDuration(text: string): number {
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g;
  const unit: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  let total = 0;
  let consumed = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    total += Number(m[1]) * unit[m[2]];
    consumed += m[0].length;
  }
  if (text === "0") return 0;
  if (consumed !== text.length || consumed === 0) throw new FlagError(`invalid duration "${text}"`);
  return total;
}

export function parseFlags(args: string[], specs: FlagSpec[]): { values: FlagValues; positional: string[] } {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const values: FlagValues = {};
  for (const s of specs) values[s.name] = Array.isArray(s.default) ? [...s.default] : s.default;
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--") {
      positional.push(...args.slice(i + 1));
      break;
    }
    if (!a.startsWith("-") || a === "-") {
      positional.push(a);
      continue;
    }
    const body = a.replace(/^--?/, "");
    const eq = body.indexOf("=");
    const name = eq >= 0 ? body.slice(0, eq) : body;
    const spec = byName.get(name);
    if (!spec) throw new FlagError(`unknown flag: --${name}`);
    let raw: string | undefined = eq >= 0 ? body.slice(eq + 1) : undefined;
    if (spec.kind === "bool") {
      values[name] = raw === undefined ? true : raw === "true" || raw === "1";
      continue;
    }
    if (raw === undefined) {
      raw = args[++i];
      if (raw === undefined) throw new FlagError(`flag needs an argument: --${name}`);
    }
    switch (spec.kind) {
      case "int": {
        const n = Number(raw);
        if (!Number.isInteger(n)) throw new FlagError(`invalid argument "${raw}" for "--${name}" flag: parse error`);
        values[name] = n;
        break;
      }
      case "duration":
        parseDuration(raw);
        values[name] = raw;
        break;
      case "stringArray":
        (values[name] as string[] | undefined) ?? (values[name] = []);
        (values[name] as string[]).push(...raw.split(","));
        break;
      default:
        values[name] = raw;
    }
  }
  return { values, positional };
}

export function usageText(command: string, summary: string, specs: FlagSpec[]): string {
  const lines = specs.map((s) => {
    const def = s.default === undefined || s.default === "" ? "" : ` (default ${JSON.stringify(s.default)})`;
    const arg = s.kind === "bool" ? "" : ` ${s.kind === "stringArray" ? "strings" : s.kind}`;
    return `      --${s.name}${arg}\n          ${s.usage}${def}`;
  });
  return `${summary}\n\nUsage:\n  skiff ${command} [flags]\n\nFlags:\n${lines.join("\n")}\n`;
}
