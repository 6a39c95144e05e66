/**
 * Loads the definitions the build step wrote (scripts/gen-openapi.mjs).
 * They sit beside the compiled code: dist/openapi/definitions.json for
 * dist/apiserver/openapi/load.js.
 */
import { readFileSync } from "node:fs";
import type { DefinitionsFile } from "./schema.js";

export const DEFINITIONS_URL = new URL("../../openapi/definitions.json", import.meta.url);

/** The definitions file and its raw bytes (for fingerprints). Throws a build hint when absent. */
export function loadDefinitions(url: URL = DEFINITIONS_URL): { file: DefinitionsFile; raw: Buffer } {
  let raw: Buffer;
  try {
    raw = readFileSync(url);
  } catch (err) {
    throw new Error(`openapi: cannot read ${url.pathname} (${(err as Error).message}); run "npm run build" (scripts/gen-openapi.mjs)`);
  }
  return { file: JSON.parse(raw.toString("utf8")) as DefinitionsFile, raw };
}
