/**
 * The cluster DNS server on sockets: UDP and TCP on one port (53 for a
 * real CoreDNS; `skiff up` takes a free loopback port), each query answered
 * by answerQuery. TCP messages carry a two-byte length, several per
 * connection.
 *
 * Example:
 *   const server = await serveDns(dns, { host: "127.0.0.1", port: 0 });
 *   // dig @127.0.0.1 -p ${server.port} kubernetes.default.svc.cluster.local
 *   await server.close();
 */
import dgram from "node:dgram";
import net from "node:net";
import type { ClusterDns } from "./cluster-dns.js";
import { answerQuery } from "./wire.js";

export interface DnsServerAddress {
  host: string;
  port: number;
}

export interface RunningDnsServer extends DnsServerAddress {
  close(): Promise<void>;
}

/**
 * Binds TCP and UDP on host:port; with port 0, one free port both can take.
 * TCP is taken first: a free UDP port may be a TCP port someone else is
 * about to listen on.
 */
export async function serveDns(dns: ClusterDns, at: DnsServerAddress): Promise<RunningDnsServer> {
  for (let attempt = 0; ; attempt++) {
    const tcp = await bindTcp(dns, at.host, at.port);
    try {
      const udp = await bindUdp(dns, { host: at.host, port: tcp.port });
      return {
        host: at.host,
        port: tcp.port,
        close: async () => {
          await new Promise<void>((r) => udp.close(() => r()));
          await tcp.close();
        },
      };
    } catch (err) {
      await tcp.close();
      // The free TCP port is taken for UDP: try another.
      if (at.port !== 0 || attempt >= 10 || (err as NodeJS.ErrnoException).code !== "EADDRINUSE") throw err;
    }
  }
}

function bindUdp(dns: ClusterDns, at: DnsServerAddress): Promise<dgram.Socket> {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket(net.isIPv6(at.host) ? "udp6" : "udp4");
    socket.once("error", reject);
    socket.on("message", (msg, rinfo) => {
      void answerQuery(dns, msg, "udp").then((reply) => {
        if (reply) socket.send(reply, rinfo.port, rinfo.address);
      });
    });
    socket.bind(at.port, at.host, () => {
      socket.off("error", reject);
      // A send to a client gone away must not stop the server.
      socket.on("error", () => undefined);
      resolve(socket);
    });
  });
}

function bindTcp(dns: ClusterDns, host: string, port: number): Promise<{ port: number; close(): Promise<void> }> {
  return new Promise((resolve, reject) => {
    const connections = new Set<net.Socket>();
    const server = net.createServer((conn) => {
      connections.add(conn);
      conn.on("close", () => connections.delete(conn));
      let buffered = Buffer.alloc(0);
      conn.on("error", () => conn.destroy());
      conn.on("data", (chunk: Buffer) => {
        buffered = Buffer.concat([buffered, chunk]);
        while (buffered.length >= 2 && buffered.length >= 2 + buffered.readUInt16BE(0)) {
          const msg = buffered.subarray(2, 2 + buffered.readUInt16BE(0));
          buffered = buffered.subarray(2 + msg.length);
          void answerQuery(dns, Buffer.from(msg), "tcp").then((reply) => {
            if (!reply || conn.destroyed) return;
            const len = Buffer.alloc(2);
            len.writeUInt16BE(reply.length);
            conn.write(Buffer.concat([len, reply]));
          });
        }
      });
    });
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve({
        port: (server.address() as net.AddressInfo).port,
        // Closing ends the connections clients keep open too.
        close: () =>
          new Promise<void>((r) => {
            server.close(() => r());
            for (const c of connections) c.destroy();
          }),
      });
    });
  });
}
