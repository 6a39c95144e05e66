#!/usr/bin/env node
// Build step: derives the OpenAPI definitions of every built-in type from
// kubernetes-types' declarations (plus upstream facts tables) and writes
// them where the compiled server loads them: <outDir>/openapi/definitions.json.
// Usage: node scripts/gen-openapi.mjs [outDir]   (outDir defaults to dist,
// and must hold the compiled sources, i.e. run after tsc).
import { mkdirSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const outDir = resolve(process.argv[2] ?? "dist");
const started = performance.now();
const { buildDefinitions } = await import(pathToFileURL(resolve(outDir, "apiserver/openapi/gen/build-definitions.js")).href);
const file = buildDefinitions();
mkdirSync(resolve(outDir, "openapi"), { recursive: true });
const target = resolve(outDir, "openapi/definitions.json");
const body = JSON.stringify(file);
writeFileSync(target, body);
const count = Object.keys(file.definitions).length;
console.log(`openapi: ${count} definitions (${(body.length / 1024).toFixed(0)} KiB) -> ${target} in ${(performance.now() - started).toFixed(0)} ms`);
