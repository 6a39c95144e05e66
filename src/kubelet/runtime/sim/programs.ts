/**
 * Programs a sim container can run for real in this process, by image: a
 * container whose image one of them recognises runs it from StartContainer
 * until it returns (its exit code) or the container stops (the signal
 * aborts). The runtime knows nothing of what a program does; whoever
 * creates the runtime passes the programs in (metrics-server, for one).
 */
import type { Clock } from "../../../util/clock.js";
import type { HttpHandler } from "./web-server.js";

export interface SimProgramContext {
  pod: { namespace: string; name: string; uid: string };
  /** The pod's IP, when the sandbox has one. */
  podIP?: string;
  containerName: string;
  argv: string[];
  env: Record<string, string>;
  /** A file of the container's filesystem (its mounts included), or undefined. */
  readFile(path: string): Uint8Array | undefined;
  /** A line to the container's log. */
  log(stream: "stdout" | "stderr", line: string): void;
  clock: Clock;
  /** Aborted when the container stops. */
  signal: AbortSignal;
  /**
   * Answers plain HTTP on a port of the pod, as the kubelet's probes and
   * port-forwards reach it (the sim prober speaks HTTP whatever the scheme).
   */
  serveProbes(port: number, handler: HttpHandler): void;
}

export interface SimProgram {
  /** Whether this program is the image's entrypoint. */
  matches(image: string): boolean;
  /** Runs until done (resolving to the exit code) or until ctx.signal aborts. */
  run(ctx: SimProgramContext): Promise<number>;
}

/** The repository of an image reference, without tag or digest. */
export function imageRepository(image: string): string {
  const noDigest = image.split("@")[0];
  const slash = noDigest.lastIndexOf("/");
  const colon = noDigest.lastIndexOf(":");
  return colon > slash ? noDigest.slice(0, colon) : noDigest;
}
