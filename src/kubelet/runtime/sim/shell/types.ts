/**
 * What the sim shell runs against: a container's filesystem, its
 * environment, and time, all handed in by the runtime.
 */
import type { HostFileInfo } from "../../host-filesystem.js";

/** A container's view of files (container-fs.ts). Throws node:fs-shaped errors (code ENOENT, EROFS ...). */
export interface ShellFs {
  /** Follows symlinks. */
  stat(path: string): HostFileInfo | undefined;
  lstat(path: string): HostFileInfo | undefined;
  readFile(path: string): Uint8Array | undefined;
  readdir(path: string): string[] | undefined;
  writeFile(path: string, data: Uint8Array | string, mode?: number): void;
  appendFile(path: string, data: Uint8Array | string): void;
  /** Creates one directory (its parent must exist) or, with parents, the whole path. */
  mkdir(path: string, parents: boolean, mode?: number): void;
  remove(path: string): void;
  symlink(target: string, path: string): void;
}

/** A byte source; read() resolves null at end of input. */
export interface Input {
  read(): Promise<Uint8Array | null>;
}

export type Output = (data: Uint8Array | string) => void;

export interface Streams {
  stdin: Input;
  stdout: Output;
  stderr: Output;
}

/** One HTTP request as a program sends it: method and target (path and query). */
export interface NetRequest {
  method: string;
  target: string;
}

export interface NetResponse {
  status: number;
  contentType: string;
  body: string | Uint8Array;
}

/** A failed connect, with the errno a socket would give (ECONNREFUSED, EHOSTUNREACH, ETIMEDOUT). */
export class NetError extends Error {
  constructor(readonly code: "ECONNREFUSED" | "EHOSTUNREACH" | "ETIMEDOUT") {
    super(code === "ECONNREFUSED" ? "Connection refused" : code === "ETIMEDOUT" ? "Connection timed out" : "No route to host");
    this.name = "NetError";
  }
}

/** What a name resolved to in the container (getaddrinfo's answer), or why it did not. */
export type NameLookup =
  | { ok: true; addresses: string[] }
  | {
      ok: false;
      /** unreachable: no nameserver answered in time. */
      failure: "NXDOMAIN" | "NODATA" | "SERVFAIL" | "unreachable";
      /** How long the resolver waited before giving up (its resolv.conf timeout, when no server answered). */
      waitMs?: number;
    };

/** A DNS server's reply to one question: its response code, the aa bit, the answer records (data as text). */
export interface DnsReply {
  rcode: string;
  authoritative: boolean;
  answers: { name: string; type: string; data: string }[];
}

/** The network of the container's pod, as its programs reach it. */
export interface ShellNetwork {
  /** Sends one DNS question over UDP to server:port; undefined when no reply comes (nslookup). */
  dnsQuery?(server: string, port: number, name: string, type: string): Promise<DnsReply | undefined>;
  /** Resolves a host name or literal as the container's resolver does (/etc/hosts, then its nameservers). */
  lookup(host: string): Promise<NameLookup> | NameLookup;
  /** What answers HTTP on address:port; rejects with NetError when nothing can be reached there. */
  connect(address: string, port: number): Promise<(req: NetRequest) => NetResponse> | ((req: NetRequest) => NetResponse);
}

/** A shell's state: variables, directory, and the services of its container. */
export interface ShellContext {
  fs: ShellFs;
  /** Variables; every one is exported to commands (the sim has no unexported ones). */
  env: Map<string, string>;
  cwd: string;
  /** Sleeps on the runtime's clock; rejects when the process is killed. */
  sleep(ms: number): Promise<void>;
  /** The status of the last command ($?). */
  status: number;
  /** Positional parameters ($0, $1 ...). */
  argv: string[];
  /** The pid ($$). */
  pid: number;
  /** How many sleeps have run: a loop that never sleeps is stopped. */
  sleepCount?(): number;
  /** A terminal is attached: sh reading stdin prompts. */
  interactive?: boolean;
  /** The machine's name (hostname). */
  hostname: string;
  /** The process's time (ms since the epoch, on the runtime's clock); date reads it. */
  now?(): number;
  /** The pod's network (wget); absent, every connection is refused. */
  net?: ShellNetwork;
}

export type Builtin = (args: string[], io: Streams, sh: ShellContext) => Promise<number> | number;

/** `exit N`: unwinds to the shell that runs the script. */
export class ExitSignal {
  constructor(readonly code: number) {}
}

export const EMPTY_INPUT: Input = { read: async () => null };

const decoder = new TextDecoder();
export const text = (b: Uint8Array) => decoder.decode(b);

/** All of an input, joined. */
export async function readAll(input: Input): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for (let c = await input.read(); c !== null; c = await input.read()) chunks.push(c);
  return Buffer.concat(chunks);
}

/** An input over bytes already in hand. */
export function bytesInput(data: Uint8Array | string): Input {
  let left: Uint8Array | null = typeof data === "string" ? new TextEncoder().encode(data) : data;
  return {
    read: async () => {
      const out = left && left.length ? left : null;
      left = null;
      return out;
    },
  };
}

/** Joins a path to the working directory and normalises it. */
export function resolvePath(cwd: string, path: string): string {
  const parts: string[] = [];
  for (const p of (path.startsWith("/") ? path : `${cwd}/${path}`).split("/")) {
    if (p === "" || p === ".") continue;
    if (p === "..") parts.pop();
    else parts.push(p);
  }
  return "/" + parts.join("/");
}

/** busybox's wording of an fs error's code. */
export function errnoText(err: unknown): string {
  const code = (err as { code?: string }).code;
  return (
    {
      ENOENT: "No such file or directory",
      ENOTDIR: "Not a directory",
      EISDIR: "Is a directory",
      EEXIST: "File exists",
      EROFS: "Read-only file system",
      ELOOP: "Symbolic link loop",
      ENOTEMPTY: "Directory not empty",
      EBUSY: "Resource busy",
    }[code ?? ""] ?? (err as Error).message
  );
}
