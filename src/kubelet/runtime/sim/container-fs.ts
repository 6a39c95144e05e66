/**
 * A container's view of files, as overlayfs and bind mounts give it:
 *
 * - mounts (ContainerConfig.mounts) map a container path onto a host path of
 *   the node's HostFilesystem, read live, so volume updates the kubelet
 *   writes are seen at once; read-only mounts refuse writes (EROFS);
 * - everything else is the shared image root (image-root.ts) under the
 *   container's own writable layer, which lives in the HostFilesystem at
 *   `upperDir` (so it is snapshotted with the node and removed with the
 *   container); deleting an image file records a whiteout.
 *
 * Example:
 *   const fs = createContainerFs({ host, upperDir, mounts: [{ containerPath: "/etc/config", hostPath: "/var/lib/kubelet/pods/u/volumes/cm", readonly: true }], whiteouts: new Set() });
 *   fs.readFile("/etc/config/key");
 */
import type { HostFileInfo, HostFilesystem } from "../host-filesystem.js";
import type { Mount } from "../runtime.js";
import { imageRoot } from "./image-root.js";
import { pathParts } from "./memory-filesystem.js";
import type { ShellFs } from "./shell/types.js";

export interface ContainerFsOptions {
  host: HostFilesystem;
  /** The container's writable layer, a directory of the HostFilesystem. */
  upperDir: string;
  mounts: Mount[];
  /** Image paths the container deleted (kept by the caller, for snapshots). */
  whiteouts: Set<string>;
  /** The container's image, which picks its root (image-root.ts). */
  image?: string;
}

const MAX_LINKS = 40;

function fsError(code: string, text: string, path: string): Error {
  return Object.assign(new Error(`${code}: ${text}, '${path}'`), { code, path });
}

const norm = (p: string) => "/" + pathParts(p).join("/");
const parentOf = (p: string) => norm(p.slice(0, p.lastIndexOf("/")) || "/");

/** lstat that follows symlinks, within one filesystem. */
export function statFollowing(fs: Pick<HostFilesystem, "lstat">, path: string): { info: HostFileInfo; path: string } | undefined {
  let p = norm(path);
  for (let i = 0; i < MAX_LINKS; i++) {
    const info = fs.lstat(p);
    if (!info) return undefined;
    if (info.type !== "symlink") return { info, path: p };
    p = norm(info.target!.startsWith("/") ? info.target! : `${parentOf(p)}/${info.target}`);
  }
  return undefined;
}

export function createContainerFs(opts: ContainerFsOptions): ShellFs {
  const { host, whiteouts } = opts;
  const image = imageRoot(opts.image);
  const mounts = [...opts.mounts].map((m) => ({ ...m, containerPath: norm(m.containerPath) })).sort((a, b) => b.containerPath.length - a.containerPath.length);

  const mountOf = (p: string) => mounts.find((m) => p === m.containerPath || p.startsWith(m.containerPath === "/" ? "/" : `${m.containerPath}/`));
  const onHost = (p: string, m: Mount) => norm(`${m.hostPath}/${p.slice(m.containerPath.length)}`);
  const upper = (p: string) => norm(`${opts.upperDir}/${p}`);
  const hidden = (p: string) => {
    for (let q = p; ; q = parentOf(q)) {
      if (whiteouts.has(q)) return true;
      if (q === "/") return false;
    }
  };
  const overlayLstat = (p: string): HostFileInfo | undefined => (hidden(p) ? undefined : (host.lstat(upper(p)) ?? image.lstat(p)));
  const lstat = (path: string): HostFileInfo | undefined => {
    const p = norm(path);
    const m = mountOf(p);
    return m ? host.lstat(onHost(p, m)) : overlayLstat(p);
  };
  /** Follows symlinks in the container's namespace. */
  const resolve = (path: string): string | undefined => {
    let p = norm(path);
    for (let i = 0; i < MAX_LINKS; i++) {
      const m = mountOf(p);
      // Links inside a volume resolve in the container's namespace, as the kernel does: a
      // relative one (configMap keys -> ..data/key) stays in the volume, an absolute one may leave it.
      const info = m ? host.lstat(onHost(p, m)) : overlayLstat(p);
      if (!info) return undefined;
      if (info.type !== "symlink") return p;
      p = norm(info.target!.startsWith("/") ? info.target! : `${parentOf(p)}/${info.target}`);
    }
    return undefined;
  };
  const writable = (p: string): Mount | undefined => {
    const m = mountOf(p);
    if (m?.readonly) throw fsError("EROFS", "read-only file system", p);
    return m;
  };
  /** Makes the directory for p exist in the upper layer, if it exists in the merged view. */
  const upperParent = (p: string) => {
    const parent = parentOf(p);
    const st = stat(parent);
    if (!st) throw fsError("ENOENT", "no such file or directory", p);
    if (st.type !== "dir") throw fsError("ENOTDIR", "not a directory", p);
    if (!mountOf(parent)) host.mkdir(upper(parent));
  };
  const stat = (path: string): HostFileInfo | undefined => {
    const p = resolve(path);
    if (p === undefined) return undefined;
    const m = mountOf(p);
    return m ? statFollowing(host, onHost(p, m))?.info : overlayLstat(p);
  };

  return {
    stat,
    lstat,
    readFile(path) {
      const p = resolve(path);
      if (p === undefined) return undefined;
      const m = mountOf(p);
      if (m) return host.readFile(onHost(p, m));
      return host.lstat(upper(p)) ? host.readFile(upper(p)) : image.readFile(p);
    },
    readdir(path) {
      const p = resolve(path);
      if (p === undefined) return undefined;
      const m = mountOf(p);
      if (m) return host.readdir(onHost(p, m));
      if (overlayLstat(p)?.type !== "dir") return undefined;
      const names = new Set([...(host.readdir(upper(p)) ?? []), ...(image.readdir(p) ?? [])].filter((n) => !whiteouts.has(norm(`${p}/${n}`))));
      for (const mp of mounts) if (mp.containerPath !== p && parentOf(mp.containerPath) === p) names.add(mp.containerPath.slice(mp.containerPath.lastIndexOf("/") + 1));
      return [...names].sort();
    },
    writeFile(path, data, mode) {
      const p = resolve(path) ?? norm(path);
      const m = writable(p);
      if (m) return host.writeFile(onHost(p, m), data, mode);
      if (stat(p)?.type === "dir") throw fsError("EISDIR", "illegal operation on a directory", p);
      upperParent(p);
      whiteouts.delete(p);
      host.writeFile(upper(p), data, mode);
    },
    appendFile(path, data) {
      const p = resolve(path) ?? norm(path);
      const m = writable(p);
      if (m) return host.appendFile(onHost(p, m), data);
      const st = stat(p);
      if (st?.type === "dir") throw fsError("EISDIR", "illegal operation on a directory", p);
      upperParent(p);
      // Copy up an image file before changing it.
      if (!host.lstat(upper(p)) && st) host.writeFile(upper(p), image.readFile(p) ?? new Uint8Array(), st.mode);
      whiteouts.delete(p);
      host.appendFile(upper(p), data);
    },
    mkdir(path, parents, mode = 0o755) {
      const p = norm(path);
      if (parents) {
        const parts = pathParts(p);
        for (let i = 1; i <= parts.length; i++) {
          const q = "/" + parts.slice(0, i).join("/");
          const st = stat(q);
          if (st?.type === "dir") continue;
          if (st) throw fsError(i === parts.length ? "EEXIST" : "ENOTDIR", "exists", q);
          this.mkdir(q, false, mode);
        }
        return;
      }
      if (lstat(p)) throw fsError("EEXIST", "file already exists", p);
      const m = writable(p);
      if (m) return host.mkdir(onHost(p, m), mode);
      upperParent(p);
      whiteouts.delete(p);
      host.mkdir(upper(p), mode);
    },
    remove(path) {
      const p = norm(path);
      if (mounts.some((m) => m.containerPath === p)) throw fsError("EBUSY", "resource busy", p);
      const m = writable(p);
      if (m) return host.remove(onHost(p, m));
      host.remove(upper(p));
      if (image.lstat(p)) whiteouts.add(p);
    },
    symlink(target, path) {
      const p = norm(path);
      const m = writable(p);
      if (m) return host.symlink(target, onHost(p, m));
      if (lstat(p)) throw fsError("EEXIST", "file already exists", p);
      upperParent(p);
      whiteouts.delete(p);
      host.symlink(target, upper(p));
    },
  };
}
