/** Typed CEL failures: compile issues with cel-go's rendering, and evaluation errors by kind. */

export interface CelIssue {
  message: string;
  /** Offset of the offending expression in the source, in code points. */
  offset: number;
}

/** cel-go's Issues.String(): "ERROR: <input>:1:6: msg\n | src\n | .....^" for each issue. */
export function renderIssues(source: string, issues: CelIssue[]): string {
  const chars = [...source];
  return issues
    .map((i) => {
      let line = 1;
      let lineStart = 0;
      for (let k = 0; k < i.offset && k < chars.length; k++) {
        if (chars[k] === "\n") {
          line++;
          lineStart = k + 1;
        }
      }
      const col = i.offset - lineStart;
      let end = chars.indexOf("\n", lineStart);
      if (end < 0) end = chars.length;
      const text = chars.slice(lineStart, end).join("");
      return `ERROR: <input>:${line}:${col + 1}: ${i.message}\n | ${text}\n | ${".".repeat(col)}^`;
    })
    .join("\n");
}

export class CelCompileError extends Error {
  constructor(
    readonly source: string,
    readonly issues: CelIssue[],
  ) {
    super(renderIssues(source, issues));
    this.name = "CelCompileError";
  }
}

export type CelEvalErrorKind = "runtime" | "cost" | "timeout";

export class CelEvalError extends Error {
  constructor(
    readonly kind: CelEvalErrorKind,
    message: string,
  ) {
    super(message);
    this.name = "CelEvalError";
  }
}
