/**
 * The runtime's streaming calls (CRI's Exec, Attach and PortForward). CRI
 * answers those with the URL of the runtime's own streaming server; Skiff's
 * runtimes take the client's streams directly instead, so the kubelet's
 * server (src/kubelet/server) decodes the wire protocol (WebSocket channels
 * or SPDY streams) once for every runtime, and a runtime only moves bytes.
 *
 * Example (the kubelet's /exec handler):
 *   const code = await runtime.exec(containerId, ["sh", "-c", "ls /"], { stdout, stderr, tty: false, signal });
 *   // then report code on the error channel as upstream's v4 Status
 */
import type { Duplex, Readable, Writable } from "node:stream";

export interface TerminalSize {
  width: number;
  height: number;
}

/** The client's side of an exec or attach, as the kubelet's server decoded it. */
export interface StreamSession {
  /** Present when the client sends stdin; ends when the client closes it. */
  stdin?: Readable;
  stdout?: Writable;
  /** Absent with tty: a terminal merges stderr into stdout. */
  stderr?: Writable;
  tty: boolean;
  /** Terminal size changes (tty only); the first one, if any, is the initial size. */
  onResize?(listener: (size: TerminalSize) => void): void;
  /** Aborted when the client goes away; the call then resolves promptly. */
  signal: AbortSignal;
}

export interface StreamingRuntime {
  /**
   * Runs cmd in a running container with the session's streams and resolves
   * with its exit code. Rejects with RuntimeError when the container is not
   * running; a command that is not found exits 127 (as a shell reports it),
   * it does not reject.
   */
  exec(containerId: string, cmd: string[], session: StreamSession): Promise<number>;
  /**
   * Connects the session to the container's main process: its output from
   * now on, and stdin when the container was created with stdin. Resolves
   * when the process exits or the client leaves.
   */
  attach(containerId: string, session: StreamSession): Promise<void>;
  /**
   * Carries one forwarded connection to `port` inside the sandbox's network
   * namespace; resolves when either side closes. Rejects with RuntimeError
   * ("connection refused") when nothing listens there.
   *
   * The kubelet's prober also dials the pod through this call
   * (prober/pod-connection.ts): an httpGet probe writes its request and
   * reads the answer until the runtime closes, a tcpSocket probe connects
   * and closes at once. A runtime answers both as the pod's programs on
   * the pod IP would (the sim: sim/web-server.ts).
   */
  portForward(podSandboxId: string, port: number, conn: Duplex): Promise<void>;
}
