/** A kubectl-like HTTP/2 client (one TLS connection, many streams) with the admin certificate. */
import http2 from "node:http2";
import { readFileSync } from "node:fs";
import { parse } from "yaml";

export interface H2Client {
  request(method: string, path: string, body?: string): Promise<{ status: number; body: string }>;
  /** Opens a watch; calls onLine for each event line until close(). */
  watch(path: string, onLine: (line: string) => void): { close(): void; ready: Promise<void> };
  close(): void;
}

export function connect(kubeconfigPath: string): H2Client {
  const cfg = parse(readFileSync(kubeconfigPath, "utf8"));
  const b64 = (s: string) => Buffer.from(s, "base64");
  const server: string = cfg.clusters[0].cluster.server;
  const session = http2.connect(server, {
    ca: b64(cfg.clusters[0].cluster["certificate-authority-data"]),
    cert: b64(cfg.users[0].user["client-certificate-data"]),
    key: b64(cfg.users[0].user["client-key-data"]),
    settings: { initialWindowSize: 16 * 1024 * 1024 },
  });
  session.on("error", () => undefined);
  // Go clients (kubectl, client-go) use a 1 GiB connection window; Node defaults to 64 KiB.
  session.on("connect", () => session.setLocalWindowSize(1 << 30));
  return {
    request(method, path, body) {
      return new Promise((resolve, reject) => {
        const headers: http2.OutgoingHttpHeaders = { ":method": method, ":path": path, accept: "application/json" };
        if (body !== undefined) headers["content-type"] = "application/json";
        const s = session.request(headers);
        let status = 0;
        const chunks: Buffer[] = [];
        s.on("response", (h) => (status = Number(h[":status"])));
        s.on("data", (c: Buffer) => chunks.push(c));
        s.on("end", () => resolve({ status, body: Buffer.concat(chunks).toString("utf8") }));
        s.on("error", reject);
        s.end(body);
      });
    },
    watch(path, onLine) {
      const s = session.request({ ":method": "GET", ":path": path, accept: "application/json" });
      let buf = "";
      const ready = new Promise<void>((resolve) => s.once("response", () => resolve()));
      s.setEncoding("utf8");
      s.on("data", (d: string) => {
        buf += d;
        let i: number;
        while ((i = buf.indexOf("\n")) >= 0) {
          onLine(buf.slice(0, i));
          buf = buf.slice(i + 1);
        }
      });
      s.on("error", () => undefined);
      return { close: () => s.close(), ready };
    },
    close: () => session.close(),
  };
}
