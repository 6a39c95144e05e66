/**
 * A plain HTTPS/1.1 client as most Kubernetes load tools and operators use it:
 * keep-alive sockets (one request in flight on each), the admin certificate
 * from the kubeconfig, JSON bodies; watches on their own connections.
 */
import https from "node:https";
import { readFileSync } from "node:fs";
import { parse } from "yaml";

export interface Reply {
  status: number;
  body: Buffer;
  /** performance.now() when the last byte arrived. */
  at: number;
}

export interface WatchHandle {
  ready: Promise<void>;
  /** Resolves with why the stream ended (the server closed it, an error). */
  done: Promise<string>;
  close(): void;
}

export interface HttpsClient {
  request(method: string, path: string, body?: unknown, contentType?: string): Promise<Reply>;
  /** Calls onLine with each event line (unparsed) and the time it arrived. */
  watch(path: string, onLine: (line: Buffer, at: number) => void): WatchHandle;
  close(): void;
}

export function connectHttps(kubeconfigPath: string, sockets: number): HttpsClient {
  const cfg = parse(readFileSync(kubeconfigPath, "utf8"));
  const b64 = (s: string) => Buffer.from(s, "base64");
  const url = new URL(cfg.clusters[0].cluster.server as string);
  const tls = {
    ca: b64(cfg.clusters[0].cluster["certificate-authority-data"]),
    cert: b64(cfg.users[0].user["client-certificate-data"]),
    key: b64(cfg.users[0].user["client-key-data"]),
  };
  const agent = new https.Agent({ keepAlive: true, maxSockets: sockets, maxFreeSockets: sockets, scheduling: "fifo", ...tls });
  const watchAgent = new https.Agent({ keepAlive: false, maxSockets: Infinity, ...tls });
  const base = { hostname: url.hostname, port: url.port };

  return {
    request(method, path, body, contentType = "application/json") {
      return new Promise((resolve, reject) => {
        const data = body === undefined ? undefined : Buffer.from(typeof body === "string" ? body : JSON.stringify(body));
        const headers: Record<string, string | number> = { accept: "application/json" };
        if (data) {
          headers["content-type"] = contentType;
          headers["content-length"] = data.length;
        }
        const req = https.request({ ...base, method, path, headers, agent }, (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), at: performance.now() }));
          res.on("error", reject);
        });
        req.on("error", reject);
        req.end(data);
      });
    },
    watch(path, onLine) {
      let closed = false;
      let ended: (why: string) => void = () => undefined;
      const done = new Promise<string>((r) => (ended = r));
      let markReady: () => void = () => undefined;
      let failReady: (e: Error) => void = () => undefined;
      const ready = new Promise<void>((res, rej) => ((markReady = res), (failReady = rej)));
      const req = https.request({ ...base, method: "GET", path, headers: { accept: "application/json" }, agent: watchAgent }, (res) => {
        if (res.statusCode !== 200) {
          failReady(new Error(`watch ${path}: HTTP ${res.statusCode}`));
          res.resume();
          return ended(`HTTP ${res.statusCode}`);
        }
        markReady();
        let pending: Buffer | undefined;
        res.on("data", (chunk: Buffer) => {
          const at = performance.now();
          let buf = pending ? Buffer.concat([pending, chunk]) : chunk;
          let nl: number;
          while ((nl = buf.indexOf(10)) >= 0) {
            onLine(buf.subarray(0, nl), at);
            buf = buf.subarray(nl + 1);
          }
          pending = buf.length ? buf : undefined;
        });
        res.on("end", () => ended(closed ? "closed" : "server closed the stream"));
        res.on("error", (e) => ended(e.message));
      });
      req.on("error", (e) => {
        failReady(e);
        ended(e.message);
      });
      req.end();
      return {
        ready,
        done,
        close: () => {
          closed = true;
          req.destroy();
        },
      };
    },
    close() {
      agent.destroy();
      watchAgent.destroy();
    },
  };
}

/** Throws unless the reply has one of the statuses. */
export function expectStatus(r: Reply, what: string, ...ok: number[]): Reply {
  if (!ok.includes(r.status)) throw new Error(`${what}: HTTP ${r.status} ${r.body.toString("utf8", 0, 300)}`);
  return r;
}
