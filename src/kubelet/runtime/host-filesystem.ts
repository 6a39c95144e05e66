/**
 * The node's filesystem as the kubelet and its runtime share it. The kubelet
 * writes what it prepares for a pod there (volumes under
 * /var/lib/kubelet/pods/<uid>/volumes/..., etc-hosts); the runtime mounts
 * those host paths into containers (ContainerConfig.mounts) and writes each
 * container's log, in CRI's log format, under the sandbox's logDirectory
 * (/var/log/pods/<namespace>_<name>_<uid>/<container>/<restartCount>.log);
 * the kubelet reads logs back from there, as upstream's kubelet reads the
 * files containerd writes.
 *
 * A real node implements it over node:fs; a simulated node keeps it in
 * memory. Paths are absolute and POSIX.
 *
 * CRI log format, one line per write (the tag is F for a full line, P for a
 * part of one that continues in the next entry):
 *   2026-12-02T14:22:11.123456789Z stdout F listening on :80
 */
export interface HostFileInfo {
  type: "file" | "dir" | "symlink";
  size: number;
  /** Permission bits, e.g. 0o644. */
  mode: number;
  /** Modification time, ms on the node's clock. */
  mtime: number;
  /** For symlinks: the target as written. */
  target?: string;
}

export interface HostFilesystem {
  /** Creates the directory and its parents; no error when it exists. */
  mkdir(path: string, mode?: number): void;
  /** Writes (replaces) a file, creating parent directories. */
  writeFile(path: string, data: string | Uint8Array, mode?: number): void;
  /** Appends to a file, creating it; wakes every follower of the file. */
  appendFile(path: string, data: string | Uint8Array): void;
  symlink(target: string, path: string): void;
  /** Renames a file or directory, replacing the destination (atomic swaps of volume data). */
  rename(from: string, to: string): void;
  /** The file's bytes (following symlinks); undefined when absent or a directory. */
  readFile(path: string): Uint8Array | undefined;
  /** Entry names of a directory, sorted; undefined when it is not one. */
  readdir(path: string): string[] | undefined;
  /** undefined when absent. Does not follow a final symlink. */
  lstat(path: string): HostFileInfo | undefined;
  /** Removes a file, or a directory and everything below it. */
  remove(path: string): void;
  /**
   * Calls listener whenever the file grows or is replaced, until the
   * returned function is called (logs -f).
   */
  watch(path: string, listener: () => void): () => void;
}
