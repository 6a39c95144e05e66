/**
 * The sim shell's grammar: a small POSIX sh subset.
 *
 *   list     := and_or ((';' | '&' | newline) and_or)*
 *   and_or   := pipeline (('&&' | '||') pipeline)*
 *   pipeline := ['!'] command ('|' command)*
 *   command  := simple | if ... fi | while/until ... done | for ... done | '{' list '}'
 *   simple   := (NAME=word)* word* redirection*
 *
 * Words keep which parts were quoted, so expansion (interpreter.ts) splits
 * only unquoted variables and command substitutions. Parse errors are thrown as ShellSyntaxError
 * with busybox's wording.
 */

export type WordPart =
  | { kind: "lit"; text: string; quoted: boolean }
  | { kind: "var"; name: string; quoted: boolean }
  /** $(script): the script's output, filled in (value) just before the word is expanded. */
  | { kind: "sub"; script: string; quoted: boolean; value?: string };
export type Word = WordPart[];

export interface Redirection {
  /** 0 stdin, 1 stdout, 2 stderr. */
  fd: number;
  op: ">" | ">>" | "<" | ">&";
  target: Word;
}

export interface SimpleCommand {
  kind: "simple";
  assigns: { name: string; value: Word }[];
  words: Word[];
  redirs: Redirection[];
}
export interface IfCommand {
  kind: "if";
  branches: { cond: List; body: List }[];
  otherwise?: List;
}
export interface LoopCommand {
  kind: "while";
  until: boolean;
  cond: List;
  body: List;
}
export interface ForCommand {
  kind: "for";
  name: string;
  items: Word[];
  body: List;
}
export interface GroupCommand {
  kind: "group";
  body: List;
}
export type Command = SimpleCommand | IfCommand | LoopCommand | ForCommand | GroupCommand;
export interface Pipeline {
  negate: boolean;
  commands: Command[];
}
export interface AndOr {
  first: Pipeline;
  rest: { op: "&&" | "||"; pipeline: Pipeline }[];
}
export type List = AndOr[];

export class ShellSyntaxError extends Error {}

type Token = { type: "word"; word: Word; raw: string } | { type: "op"; op: string };

const OPERATORS = ["&&", "||", ";;", ">>", "2>&1", "1>&2", ">&2", "2>>", "2>", "1>>", "1>", ";", "&", "|", "\n", ">", "<", "(", ")"];

/** Splits a script into words and operators, honouring quotes, escapes and comments. */
export function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === " " || c === "\t" || c === "\r") {
      i++;
      continue;
    }
    if (c === "\\" && src[i + 1] === "\n") {
      i += 2;
      continue;
    }
    if (c === "#") {
      while (i < src.length && src[i] !== "\n") i++;
      continue;
    }
    const op = OPERATORS.find((o) => src.startsWith(o, i) && !(/^\d/.test(o) && i > 0 && !/[\s;&|]/.test(src[i - 1])));
    if (op) {
      tokens.push({ type: "op", op });
      i += op.length;
      continue;
    }
    const start = i;
    const parts: WordPart[] = [];
    const lit = (text: string, quoted: boolean) => {
      const last = parts[parts.length - 1];
      if (last?.kind === "lit" && last.quoted === quoted) last.text += text;
      else parts.push({ kind: "lit", text, quoted });
    };
    while (i < src.length && !/[\s;&|<>()]/.test(src[i])) {
      const ch = src[i];
      if (ch === "'") {
        const end = src.indexOf("'", i + 1);
        if (end < 0) throw new ShellSyntaxError("syntax error: unterminated quoted string");
        lit(src.slice(i + 1, end), true);
        i = end + 1;
      } else if (ch === '"') {
        i++;
        while (i < src.length && src[i] !== '"') {
          if (src[i] === "\\" && i + 1 < src.length && '$`"\\\n'.includes(src[i + 1])) {
            lit(src[i + 1], true);
            i += 2;
          } else if (src[i] === "$") {
            i = variable(src, i, parts, true, lit);
          } else lit(src[i++], true);
        }
        if (i >= src.length) throw new ShellSyntaxError("syntax error: unterminated quoted string");
        i++;
      } else if (ch === "\\") {
        if (i + 1 < src.length) lit(src[i + 1], true);
        i += 2;
      } else if (ch === "$") {
        i = variable(src, i, parts, false, lit);
      } else lit(src[i++], false);
    }
    tokens.push({ type: "word", word: parts.length ? parts : [{ kind: "lit", text: "", quoted: true }], raw: src.slice(start, i) });
  }
  return tokens;
}

/** Reads $NAME, ${NAME}, $?, $$, $#, $1 or $(script) at src[i]; a lone $ is literal. Returns the next index. */
function variable(src: string, i: number, parts: WordPart[], quoted: boolean, lit: (t: string, q: boolean) => void): number {
  if (src[i + 1] === "(") {
    const end = closingParen(src, i + 2);
    parts.push({ kind: "sub", script: src.slice(i + 2, end), quoted });
    return end + 1;
  }
  const rest = src.slice(i + 1);
  const braced = /^\{([A-Za-z_][A-Za-z0-9_]*|[?$#0-9])\}/.exec(rest);
  const bare = /^([A-Za-z_][A-Za-z0-9_]*|[?$#0-9])/.exec(rest);
  const m = braced ?? bare;
  if (!m) {
    lit("$", quoted);
    return i + 1;
  }
  parts.push({ kind: "var", name: m[1], quoted });
  return i + 1 + m[0].length;
}

/** The index of the ")" closing a "$(" whose script starts at `from`, past nested parentheses and quotes. */
function closingParen(src: string, from: number): number {
  let depth = 0;
  for (let i = from; i < src.length; i++) {
    const c = src[i];
    if (c === "\\") i++;
    else if (c === "'") i = src.indexOf("'", i + 1);
    else if (c === '"') {
      for (i++; i < src.length && src[i] !== '"'; i++) if (src[i] === "\\") i++;
    } else if (c === "(") depth++;
    else if (c === ")" && depth-- === 0) return i;
    if (i < 0) break;
  }
  throw new ShellSyntaxError("syntax error: unterminated $(");
}

/** Parses a whole script. */
export function parse(src: string): List {
  const p = new Parser(tokenize(src));
  const list = p.list([]);
  if (!p.done()) throw new ShellSyntaxError(`syntax error: unexpected "${p.peekText()}"`);
  return list;
}

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  done(): boolean {
    this.skipNewlines();
    return this.i >= this.tokens.length;
  }
  peekText(): string {
    const t = this.tokens[this.i];
    return !t ? "end of file" : t.type === "op" ? (t.op === "\n" ? "newline" : t.op) : t.raw;
  }
  private skipNewlines() {
    while (this.isOp("\n")) this.i++;
  }
  private isOp(op: string): boolean {
    const t = this.tokens[this.i];
    return t?.type === "op" && t.op === op;
  }
  private isReserved(word: string): boolean {
    const t = this.tokens[this.i];
    return t?.type === "word" && t.raw === word;
  }
  private expectReserved(word: string) {
    this.skipNewlines();
    if (!this.isReserved(word)) throw new ShellSyntaxError(`syntax error: unexpected ${this.peekText() === "end of file" ? "end of file" : `"${this.peekText()}"`} (expecting "${word}")`);
    this.i++;
  }

  /** A list up to (not including) one of the terminating reserved words. */
  list(terminators: string[]): List {
    const list: List = [];
    for (;;) {
      this.skipNewlines();
      const t = this.tokens[this.i];
      if (!t || (t.type === "word" && terminators.includes(t.raw)) || (t.type === "op" && t.op === ")")) break;
      list.push(this.andOr());
      if (this.isOp(";") || this.isOp("&") || this.isOp("\n")) this.i++;
      else break;
    }
    return list;
  }

  private andOr(): AndOr {
    const first = this.pipeline();
    const rest: AndOr["rest"] = [];
    while (this.isOp("&&") || this.isOp("||")) {
      const op = (this.tokens[this.i++] as { op: "&&" | "||" }).op;
      this.skipNewlines();
      rest.push({ op, pipeline: this.pipeline() });
    }
    return { first, rest };
  }

  private pipeline(): Pipeline {
    let negate = false;
    if (this.isReserved("!")) {
      negate = true;
      this.i++;
    }
    const commands = [this.command()];
    while (this.isOp("|")) {
      this.i++;
      this.skipNewlines();
      commands.push(this.command());
    }
    return { negate, commands };
  }

  private command(): Command {
    const t = this.tokens[this.i];
    if (t?.type === "word") {
      if (t.raw === "if") return this.ifCommand();
      if (t.raw === "while" || t.raw === "until") {
        this.i++;
        const cond = this.list(["do"]);
        this.expectReserved("do");
        const body = this.list(["done"]);
        this.expectReserved("done");
        return { kind: "while", until: t.raw === "until", cond, body };
      }
      if (t.raw === "for") return this.forCommand();
      if (t.raw === "{") {
        this.i++;
        const body = this.list(["}"]);
        this.expectReserved("}");
        return { kind: "group", body };
      }
    }
    return this.simple();
  }

  private ifCommand(): IfCommand {
    this.i++;
    const branches: IfCommand["branches"] = [];
    let otherwise: List | undefined;
    for (;;) {
      const cond = this.list(["then"]);
      this.expectReserved("then");
      branches.push({ cond, body: this.list(["elif", "else", "fi"]) });
      this.skipNewlines();
      if (this.isReserved("elif")) {
        this.i++;
        continue;
      }
      if (this.isReserved("else")) {
        this.i++;
        otherwise = this.list(["fi"]);
      }
      this.expectReserved("fi");
      return { kind: "if", branches, otherwise };
    }
  }

  private forCommand(): ForCommand {
    this.i++;
    const t = this.tokens[this.i++];
    if (t?.type !== "word" || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(t.raw)) throw new ShellSyntaxError("syntax error: bad for loop variable");
    const items: Word[] = [];
    if (this.isReserved("in")) {
      this.i++;
      while (this.tokens[this.i]?.type === "word") items.push((this.tokens[this.i++] as { word: Word }).word);
    }
    if (this.isOp(";")) this.i++;
    this.expectReserved("do");
    const body = this.list(["done"]);
    this.expectReserved("done");
    return { kind: "for", name: t.raw, items, body };
  }

  private simple(): SimpleCommand {
    const cmd: SimpleCommand = { kind: "simple", assigns: [], words: [], redirs: [] };
    for (;;) {
      const t = this.tokens[this.i];
      if (!t) break;
      if (t.type === "op") {
        const redir = this.redirection(t.op);
        if (!redir) break;
        cmd.redirs.push(redir);
        continue;
      }
      const assign = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(t.raw);
      if (cmd.words.length === 0 && assign && t.word[0]?.kind === "lit" && !t.word[0].quoted) {
        const value = structuredClone(t.word);
        const head = value[0] as { text: string };
        head.text = head.text.slice(assign[0].length);
        cmd.assigns.push({ name: assign[1], value });
      } else {
        if (cmd.words.length === 0 && cmd.assigns.length === 0 && ["then", "do", "done", "fi", "elif", "else", "}"].includes(t.raw)) {
          throw new ShellSyntaxError(`syntax error: unexpected "${t.raw}"`);
        }
        cmd.words.push(t.word);
      }
      this.i++;
    }
    if (cmd.words.length === 0 && cmd.assigns.length === 0 && cmd.redirs.length === 0) {
      throw new ShellSyntaxError(`syntax error: unexpected ${this.peekText() === "end of file" ? "end of file" : `"${this.peekText()}"`}`);
    }
    return cmd;
  }

  private redirection(op: string): Redirection | undefined {
    const dup = { "2>&1": [2, 1], "1>&2": [1, 2], ">&2": [1, 2] }[op];
    if (dup) {
      this.i++;
      return { fd: dup[0], op: ">&", target: [{ kind: "lit", text: String(dup[1]), quoted: false }] };
    }
    const shape = { ">": [1, ">"], "1>": [1, ">"], ">>": [1, ">>"], "1>>": [1, ">>"], "2>": [2, ">"], "2>>": [2, ">>"], "<": [0, "<"] }[op] as [number, Redirection["op"]] | undefined;
    if (!shape) return undefined;
    this.i++;
    const target = this.tokens[this.i++];
    if (target?.type !== "word") throw new ShellSyntaxError(`syntax error: unexpected ${target ? `"${target.type === "op" ? (target.op === "\n" ? "newline" : target.op) : ""}"` : "end of file"}`);
    return { fd: shape[0], op: shape[1], target: target.word };
  }
}
