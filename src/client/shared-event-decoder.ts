/**
 * Decodes watch event lines into frozen objects shared by every informer of
 * the process, as in-process informers share the watch cache's objects.
 *
 * Components on a worker thread each watch through their own identity, so
 * the same event line reaches several informers (the controller manager's
 * and the scheduler's pods, say) within one delivery. Without this each
 * would hold its own decoded copy of every object. Lines seen lately decode
 * to the same object; every object is frozen with its managedFields trees
 * and short strings interned, as the watch cache keeps them.
 */
import { StringDecoder } from "node:string_decoder";
import { freezeForCache } from "../apiserver/watch/shared-subtrees.js";
import type { KubeObject } from "../api/types.js";
import type { WatchEvent } from "./types.js";

/** Lines remembered: enough for one event to reach every informer of the thread. */
const RECENT_LINES = 512;
const recent = new Map<string, WatchEvent>();

function decodeShared(line: string): WatchEvent {
  const known = recent.get(line);
  if (known) return known;
  const ev = JSON.parse(line) as WatchEvent;
  if (ev.type !== "ERROR" && ev.object !== null && typeof ev.object === "object") freezeForCache(ev.object as KubeObject);
  Object.freeze(ev);
  if (recent.size >= RECENT_LINES) recent.delete(recent.keys().next().value!);
  recent.set(line, ev);
  return ev;
}

/** Splits one stream's chunks into lines (a line or a UTF-8 character may span chunks) and decodes them shared. */
export class SharedEventDecoder {
  private readonly utf8 = new StringDecoder("utf8");
  private partial = "";

  push(chunk: Buffer): WatchEvent[] {
    const lines = (this.partial + this.utf8.write(chunk)).split("\n");
    this.partial = lines.pop() ?? "";
    const out: WatchEvent[] = [];
    for (const line of lines) if (line.trim() !== "") out.push(decodeShared(line));
    return out;
  }
}
