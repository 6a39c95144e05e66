#!/usr/bin/env node
// `npm run bench -- <name> [args]`: runs bench/<name>.ts (compiled to dist-bench/).
import { existsSync } from "node:fs";
import { spawnSync } from "node:child_process";

const [name, ...rest] = process.argv.slice(2);
if (!name) {
  console.error("usage: npm run bench -- <name> [args]   (e.g. apiserver)");
  process.exit(2);
}
const build = spawnSync("npx", ["tsc", "-p", "bench/tsconfig.json"], { stdio: "inherit" });
if (build.status !== 0) process.exit(build.status ?? 1);
const file = `dist-bench/${name}.js`;
if (!existsSync(file)) {
  console.error(`no benchmark named ${name}`);
  process.exit(2);
}
const r = spawnSync(process.execPath, ["--max-old-space-size=4096", file, ...rest], { stdio: "inherit" });
process.exit(r.status ?? 1);
