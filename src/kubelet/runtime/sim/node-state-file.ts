/** A sim node's runtime snapshot on disk: <dir>/<node>.json, written whole then renamed into place. */
import fs from "node:fs";
import path from "node:path";
import type { SimRuntimeSnapshot } from "./sim-snapshot.js";

export function loadSimNodeState(dir: string, node: string): SimRuntimeSnapshot | undefined {
  const file = path.join(dir, `${node}.json`);
  if (!fs.existsSync(file)) return undefined;
  return JSON.parse(fs.readFileSync(file, "utf8")) as SimRuntimeSnapshot;
}

export function saveSimNodeState(dir: string, node: string, snapshot: SimRuntimeSnapshot): void {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${node}.json`);
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(snapshot));
  fs.renameSync(`${file}.tmp`, file);
}
