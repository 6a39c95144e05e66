/**
 * The yaml library, loaded on first use: most requests are JSON, and not
 * loading it keeps start-up short.
 */
import { createRequire } from "node:module";

type YamlModule = typeof import("yaml");
const require = createRequire(import.meta.url);
let loaded: YamlModule | undefined;

export function yaml(): YamlModule {
  return (loaded ??= require("yaml") as YamlModule);
}
