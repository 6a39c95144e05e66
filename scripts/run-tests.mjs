#!/usr/bin/env node
// Runs the compiled test files with node:test: unit tests beside the code
// (dist/**/*.test.js) and the end-to-end suites (dist-test/e2e/*.test.js).
// `npm test` runs both; `npm run test:unit` / `test:e2e` one kind.
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";

const which = process.argv[2] ?? "all";
const find = (dir) => {
  const out = [];
  let entries = [];
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const e of entries) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...find(p));
    else if (e.endsWith(".test.js")) out.push(p);
  }
  return out.sort();
};
const files = [];
if (which === "all" || which === "unit") files.push(...find("dist"));
if (which === "all" || which === "e2e") files.push(...find("dist-test/e2e"));
if (files.length === 0) {
  console.error("no test files found: run `npm run build` first");
  process.exit(1);
}
const extra = process.env.SKIFF_TEST_ARGS ? process.env.SKIFF_TEST_ARGS.split(" ") : [];
const r = spawnSync(process.execPath, ["--test", "--test-concurrency=2", ...extra, ...files], { stdio: "inherit" });
process.exit(r.status ?? 1);
