/**
 * Build step: reads every declaration file of the kubernetes-types package,
 * and of openapi-declarations/ (upstream types newer than that package, in
 * its format), and produces the DefinitionsFile that
 * dist/openapi/definitions.json holds.
 * Runs at build time only (scripts/gen-openapi.mjs); the server never loads
 * the TypeScript compiler.
 */
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { DefinitionsFile } from "../schema.js";
import { allFacts } from "../facts/index.js";
import { indexFacts } from "../facts/field-facts.js";
import { definitionsFromDeclarations, type DeclarationModule } from "./dts-schemas.js";

/** The installed kubernetes-types package folder. */
export function kubernetesTypesRoot(): string {
  const require = createRequire(import.meta.url);
  return dirname(require.resolve("kubernetes-types/package.json"));
}

/**
 * The repository's openapi-declarations folder: newer upstream types laid
 * out as the package is ("resource/v1.d.ts"). Found from the compiled
 * module (dist/apiserver/openapi/gen/) or its source alike.
 */
export function extraDeclarationsRoot(): string {
  return fileURLToPath(new URL("../../../../openapi-declarations/", import.meta.url));
}

function declarationFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...declarationFiles(p));
    else if (entry.name.endsWith(".d.ts")) out.push(p);
  }
  return out.sort();
}

/** Reads the declaration modules under root (default: the installed package). */
export function readDeclarations(root = kubernetesTypesRoot()): DeclarationModule[] {
  return declarationFiles(root).map((file) => ({
    modulePath: relative(root, file).split(sep).join("/").replace(/\.d\.ts$/, ""),
    text: readFileSync(file, "utf8"),
  }));
}

export function buildDefinitions(root = kubernetesTypesRoot(), extraRoot = extraDeclarationsRoot()): DefinitionsFile {
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string };
  return {
    apiVersion: pkg.version,
    definitions: definitionsFromDeclarations([...readDeclarations(root), ...readDeclarations(extraRoot)], indexFacts(allFacts)),
  };
}
