/**
 * File writes for secrets: atomic (a crash never leaves half a key) and
 * created with their final mode, so a key is never readable by others even
 * for an instant.
 */
import { randomBytes } from "node:crypto";
import { chmod, mkdir, open, readFile, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/** Mode for private keys and kubeconfigs. */
export const PRIVATE_FILE_MODE = 0o600;
/** Mode for certificates, as kubeadm writes them. */
export const PUBLIC_FILE_MODE = 0o644;
/** Mode for the PKI directory. */
export const PRIVATE_DIR_MODE = 0o700;

/** Writes data to path through a temporary file and a rename; the file has exactly mode. */
export async function writeFileAtomic(path: string, data: string, mode: number): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`);
  const handle = await open(tmp, "wx", mode);
  try {
    await handle.writeFile(data);
    await handle.chmod(mode); // open()'s mode is subject to the umask
    await handle.sync();
  } catch (err) {
    await handle.close();
    await rm(tmp, { force: true });
    throw err;
  }
  await handle.close();
  await rename(tmp, path);
}

/** The file's text, or undefined when it does not exist. */
export async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
}

/** Creates dir (and parents) if missing; a directory created here gets mode 0700. */
export async function ensurePrivateDir(dir: string): Promise<void> {
  const created = await mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (created !== undefined) await chmod(dir, PRIVATE_DIR_MODE);
}
