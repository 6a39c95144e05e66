/**
 * One HTTPS server for every kubelet server of a process that has the same
 * certificate, client CA and address: each node keeps its own loopback
 * port (a plain TCP listener) and hands the connections it accepts to this
 * server, whose requests find their node by the local port they arrived
 * on. A thousand sim nodes then cost one TLS context (key parsing, about
 * 40 KiB and a millisecond each) and one HTTP server's timers, not a
 * thousand; what a client sees on each port is unchanged.
 */
import https from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import type { Duplex } from "node:stream";
import type { TLSSocket } from "node:tls";

export interface TlsMaterial {
  certPem: string;
  keyPem: string;
  /** CA bundle that client certificates must chain to. */
  clientCAPem: string;
}

/** What one node's listener serves: its own request and upgrade handlers. */
export interface PortHandlers {
  request(req: IncomingMessage, res: ServerResponse): void;
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
}

export interface SharedTlsServer {
  /** Serves connections accepted on port with handlers, until the returned function is called. */
  attach(port: number, handlers: PortHandlers): () => void;
  /** Hands over a connection a node's listener accepted. */
  accept(socket: Socket): void;
}

interface Entry {
  server: https.Server;
  ports: Map<number, PortHandlers>;
}

const servers = new Map<string, Entry>();

/** The process's server for this certificate, client CA and address; made on first use, closed with its last port. */
export function sharedTlsServer(tls: TlsMaterial, address: string): SharedTlsServer {
  const key = `${address}\n${tls.certPem}\n${tls.keyPem}\n${tls.clientCAPem}`;
  return {
    attach(port, handlers) {
      let entry = servers.get(key);
      if (!entry) servers.set(key, (entry = createEntry(tls)));
      const e = entry;
      e.ports.set(port, handlers);
      return () => {
        if (e.ports.get(port) !== handlers) return;
        e.ports.delete(port);
        if (e.ports.size > 0 || servers.get(key) !== e) return;
        servers.delete(key);
        // Stops its connection tracking; it never listened, so close() only reports that.
        e.server.close(() => undefined);
      };
    },
    accept(socket) {
      const entry = servers.get(key);
      if (!entry) return void socket.destroy();
      entry.server.emit("connection", socket);
    },
  };
}

function createEntry(tls: TlsMaterial): Entry {
  const server = https.createServer({ key: tls.keyPem, cert: tls.certPem, ca: tls.clientCAPem, requestCert: true, rejectUnauthorized: false });
  // Idle connections stay open, as Go's server keeps them: metrics-server comes back every resolution (15 s).
  server.keepAliveTimeout = 120_000;
  const ports = new Map<number, PortHandlers>();
  const handlersOf = (socket: Socket | TLSSocket) => ports.get(socket.localPort ?? -1);
  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    const h = handlersOf(req.socket);
    if (h) h.request(req, res);
    else req.socket.destroy();
  });
  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const h = handlersOf(req.socket);
    if (h) h.upgrade(req, socket, head);
    else socket.destroy();
  });
  // Connections come from the nodes' listeners, never from a listen() of its own: this starts the
  // tracking a listening server starts (the headers and request timeouts of its connections).
  server.emit("listening");
  return { server, ports };
}
