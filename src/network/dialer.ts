/**
 * The simulated network's seam: how the API server reaches a kubelet.
 * Simulated nodes have made-up addresses (172.16.x.y, their host names)
 * that no socket can reach; each sim kubelet registers "address:port ->
 * the loopback listener that serves it" here, and every dial goes through
 * this table. An address nobody registered is dialled for real, so a
 * kubelet on another machine works unchanged.
 *
 * Example:
 *   network.register("172.16.0.5", 10250, { host: "127.0.0.1", port: 41234 });
 *   const socket = await network.dial("172.16.0.5", 10250, signal);
 */
import net from "node:net";

export interface Endpoint {
  host: string;
  port: number;
}

export interface Dialer {
  /** A connected socket to host:port; rejects with DialError worded as Go's net.Dial. */
  dial(host: string, port: number, signal?: AbortSignal): Promise<net.Socket>;
}

export interface SimulatedNetwork extends Dialer {
  /** Routes host:port to a real listener until the returned function is called. */
  register(host: string, port: number, target: Endpoint): () => void;
  /** Where host:port is routed, if somewhere. */
  resolve(host: string, port: number): Endpoint | undefined;
}

/** A failed dial, worded as Go's *net.OpError: "dial tcp 172.16.0.5:10250: connect: connection refused". */
export class DialError extends Error {
  constructor(
    readonly address: string,
    readonly reason: string,
  ) {
    super(`dial tcp ${address}: ${reason}`);
    this.name = "DialError";
  }
}

export function joinHostPort(host: string, port: number): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}

export function createSimulatedNetwork(): SimulatedNetwork {
  const routes = new Map<string, Endpoint>();
  return {
    register(host, port, target) {
      const key = joinHostPort(host, port);
      routes.set(key, target);
      return () => {
        if (routes.get(key) === target) routes.delete(key);
      };
    },
    resolve: (host, port) => routes.get(joinHostPort(host, port)),
    dial(host, port, signal) {
      const shown = joinHostPort(host, port);
      const target = routes.get(shown) ?? { host, port };
      return dialTcp(target, shown, signal);
    },
  };
}

function dialTcp(target: Endpoint, shown: string, signal?: AbortSignal): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new DialError(shown, "operation was canceled"));
    const socket = net.connect({ host: target.host, port: target.port });
    const onAbort = () => {
      socket.destroy();
      reject(new DialError(shown, "operation was canceled"));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    socket.once("connect", () => {
      signal?.removeEventListener("abort", onAbort);
      resolve(socket);
    });
    socket.once("error", (err: NodeJS.ErrnoException) => {
      signal?.removeEventListener("abort", onAbort);
      reject(new DialError(shown, goCause(err)));
    });
  });
}

/** Node's errno codes as Go's net package words them. */
function goCause(err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case "ECONNREFUSED":
      return "connect: connection refused";
    case "EHOSTUNREACH":
      return "connect: no route to host";
    case "ENETUNREACH":
      return "connect: network is unreachable";
    case "ETIMEDOUT":
      return "i/o timeout";
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `lookup ${(err as { hostname?: string }).hostname ?? ""}: no such host`;
    default:
      return err.message;
  }
}
