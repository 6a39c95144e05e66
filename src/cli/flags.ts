/**
 * A small flag parser in the style of upstream's pflag: `--name value`,
 * `--name=value`, booleans, repeated values, `-h`/`--help`, and pflag's
 * errors for unknown flags and unparsable values. Each flag may check its
 * value (`check`), so that bad input is refused before anything runs.
 */
export type FlagKind = "string" | "int" | "bool" | "duration" | "stringArray";

export interface FlagSpec {
  name: string;
  kind: FlagKind;
  default?: string | number | boolean | string[];
  usage: string;
  /** One letter for `-o value`, `-ovalue` and `-o=value` (pflag's shorthand). */
  shorthand?: string;
  /** The value's problem, worded after "invalid argument "V" for "--name" flag: ", or undefined when fine. */
  check?: (value: string | number) => string | undefined;
}

export type FlagValues = Record<string, string | number | boolean | string[] | undefined>;

/** Bad command-line input: printed with a pointer to the command's help, exit code 1. */
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
  if (consumed !== text.length || consumed === 0) throw new FlagError(`time: invalid duration "${text}"`);
  return total;
}

export interface ParsedFlags {
  values: FlagValues;
  positional: string[];
  /** -h or --help was given. */
  help: boolean;
}

function invalid(raw: string, name: string, why: string): FlagError {
  return new FlagError(`invalid argument "${raw}" for "--${name}" flag: ${why}`);
}

export function parseFlags(args: string[], specs: FlagSpec[]): ParsedFlags {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const values: FlagValues = {};
  for (const s of specs) values[s.name] = Array.isArray(s.default) ? [...s.default] : s.default;
  const given = new Set<string>();
  const positional: string[] = [];
  let help = false;
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
    if (a === "-h" || a === "--help") {
      help = true;
      continue;
    }
    let body = a.slice(2);
    if (!a.startsWith("--")) {
      const short = specs.find((s) => s.shorthand === a[1]);
      if (!short) throw new FlagError(`unknown shorthand flag: '${a[1]}' in ${a}`);
      const rest = a.slice(2);
      body = rest === "" ? short.name : `${short.name}=${rest.startsWith("=") ? rest.slice(1) : rest}`;
    }
    const eq = body.indexOf("=");
    const name = eq >= 0 ? body.slice(0, eq) : body;
    const spec = byName.get(name);
    if (!spec) throw new FlagError(`unknown flag: --${name}`);
    let raw: string | undefined = eq >= 0 ? body.slice(eq + 1) : undefined;
    if (spec.kind === "bool") {
      if (raw !== undefined && !["true", "false", "1", "0"].includes(raw)) throw invalid(raw, name, `strconv.ParseBool: parsing "${raw}": invalid syntax`);
      values[name] = raw === undefined || raw === "true" || raw === "1";
      continue;
    }
    if (raw === undefined) {
      raw = args[++i];
      if (raw === undefined) throw new FlagError(`flag needs an argument: --${name}`);
    }
    let value: string | number = raw;
    switch (spec.kind) {
      case "int":
        if (!/^[+-]?\d+$/.test(raw)) throw invalid(raw, name, `strconv.ParseInt: parsing "${raw}": invalid syntax`);
        value = Number(raw);
        break;
      case "duration":
        try {
          parseDuration(raw);
        } catch (err) {
          throw invalid(raw, name, (err as Error).message);
        }
        break;
    }
    const problem = spec.check?.(value);
    if (problem) throw invalid(raw, name, problem);
    if (spec.kind === "stringArray") {
      // A value given replaces the default, later ones add to it (pflag's stringSlice).
      const list = given.has(name) ? (values[name] as string[]) : [];
      list.push(...raw.split(","));
      values[name] = list;
    } else {
      values[name] = value;
    }
    given.add(name);
  }
  return { values, positional, help };
}

function defaultText(s: FlagSpec): string {
  const d = s.default;
  if (d === undefined || d === "" || d === false || d === 0) return "";
  if (Array.isArray(d)) return d.length ? ` (default [${d.join(",")}])` : "";
  return ` (default ${s.kind === "string" ? JSON.stringify(d) : String(d)})`;
}

/** The flags block as pflag's FlagUsages prints it: aligned, with each default. */
export function flagUsages(specs: FlagSpec[], command: string): string {
  const rows = [...specs].sort((a, b) => a.name.localeCompare(b.name)).map((s) => {
    const arg = s.kind === "bool" ? "" : ` ${s.kind === "stringArray" ? "strings" : s.kind}`;
    return [`  ${s.shorthand ? `-${s.shorthand}, ` : "    "}--${s.name}${arg}`, `${s.usage}${defaultText(s)}`];
  });
  rows.push(["  -h, --help", `help for ${command}`]);
  const width = Math.max(...rows.map((r) => r[0].length));
  return rows.map(([left, right]) => `${left.padEnd(width)}   ${right}\n`).join("");
}

export interface CommandHelp {
  /** The command line after "skiff", e.g. "up" or "chaos TYPE NODE". */
  use: string;
  short: string;
  long?: string;
  examples?: string;
}

/** A command's --help, laid out as cobra does. */
export function usageText(help: CommandHelp, specs: FlagSpec[]): string {
  const name = help.use.split(" ")[0];
  const parts = [`${help.long ?? help.short}\n`, `Usage:\n  skiff ${help.use} [flags]\n`];
  if (help.examples) parts.push(`Examples:\n${help.examples.replace(/^/gm, "  ")}\n`);
  parts.push(`Flags:\n${flagUsages(specs, name)}`);
  return parts.join("\n");
}
