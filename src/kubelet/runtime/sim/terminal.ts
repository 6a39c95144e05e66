/**
 * What a terminal's line discipline does between a client and a sim
 * process (kubectl exec -it, attach -it): typed bytes are echoed, CR ends
 * a line, a line reaches the process only when complete, ^D on an empty
 * line is end of input, backspace erases; output newlines become CR LF.
 */
import type { Input, Output } from "./shell/types.js";

export function ttyOutput(out: Output): Output {
  return (data) => out(Buffer.from(typeof data === "string" ? data : Buffer.from(data).toString("utf8")).toString("utf8").replace(/\r?\n/g, "\r\n"));
}

export function ttyInput(input: Input, echo: Output): Input {
  let line = "";
  let ended = false;
  const ready: string[] = [];
  return {
    async read() {
      while (!ready.length && !ended) {
        const chunk = await input.read();
        if (chunk === null) {
          ended = true;
          if (line) ready.push(line);
          line = "";
          break;
        }
        for (const ch of Buffer.from(chunk).toString("utf8")) {
          if (ch === "\r" || ch === "\n") {
            echo("\r\n");
            ready.push(line + "\n");
            line = "";
          } else if (ch === "\x04") {
            if (!line) {
              ended = true;
              break;
            }
            ready.push(line);
            line = "";
          } else if (ch === "\x7f" || ch === "\b") {
            if (line) {
              line = line.slice(0, -1);
              echo("\b \b");
            }
          } else if (ch === "\x03") {
            echo("^C\r\n");
            line = "";
          } else {
            line += ch;
            echo(ch);
          }
        }
      }
      const next = ready.shift();
      return next === undefined ? null : Buffer.from(next);
    },
  };
}

/** Bytes pushed by one writer (an attached client) and read by a process; ends once. */
export class StdinQueue implements Input {
  private chunks: Uint8Array[] = [];
  private ended = false;
  private wake?: () => void;

  push(chunk: Uint8Array): void {
    if (this.ended) return;
    this.chunks.push(chunk);
    this.wake?.();
  }
  end(): void {
    this.ended = true;
    this.wake?.();
  }
  get isEnded(): boolean {
    return this.ended;
  }
  async read(): Promise<Uint8Array | null> {
    while (!this.chunks.length && !this.ended) await new Promise<void>((r) => (this.wake = r));
    this.wake = undefined;
    return this.chunks.shift() ?? null;
  }
}
