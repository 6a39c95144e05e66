/**
 * Splits a watch stream into events: one JSON object per line, with a line
 * possibly cut across chunks (and a UTF-8 character across chunks too).
 */
import { StringDecoder } from "node:string_decoder";
import type { WatchEvent } from "./types.js";

export class WatchDecoder<T> {
  private readonly utf8 = new StringDecoder("utf8");
  /** The unterminated tail of the stream so far. */
  private partial = "";

  /** Feeds a chunk; returns the complete events it finished. Throws on a malformed line. */
  push(chunk: Buffer): WatchEvent<T>[] {
    const text = this.partial + this.utf8.write(chunk);
    const lines = text.split("\n");
    this.partial = lines.pop() ?? "";
    const out: WatchEvent<T>[] = [];
    for (const line of lines) {
      if (line.trim() === "") continue;
      out.push(JSON.parse(line) as WatchEvent<T>);
    }
    return out;
  }

  /** The events of a final unterminated line, if any. */
  end(): WatchEvent<T>[] {
    const rest = (this.partial + this.utf8.end()).trim();
    this.partial = "";
    return rest ? [JSON.parse(rest) as WatchEvent<T>] : [];
  }
}
