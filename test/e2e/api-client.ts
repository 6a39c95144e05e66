/** A raw HTTPS client with the admin credentials of a kubeconfig, for requests kubectl cannot make. */
import { readFileSync } from "node:fs";
import { request } from "node:https";
import { parse } from "yaml";

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  json<T = Record<string, unknown>>(): T;
}

export interface RawClient {
  server: string;
  request(method: string, path: string, opts?: { body?: string | Buffer; headers?: Record<string, string>; anonymous?: boolean }): Promise<RawResponse>;
}

export function rawClient(kubeconfigPath: string): RawClient {
  const cfg = parse(readFileSync(kubeconfigPath, "utf8"));
  const cluster = cfg.clusters[0].cluster;
  const user = cfg.users[0].user;
  const b64 = (s: string) => Buffer.from(s, "base64");
  const ca = b64(cluster["certificate-authority-data"]);
  const cert = b64(user["client-certificate-data"]);
  const key = b64(user["client-key-data"]);
  const server: string = cluster.server;
  return {
    server,
    request(method, path, opts = {}) {
      const url = new URL(path, server);
      return new Promise((resolve, reject) => {
        const req = request(url, { method, ca, ...(opts.anonymous ? {} : { cert, key }), headers: { accept: "application/json", ...(opts.body !== undefined ? { "content-length": String(Buffer.byteLength(opts.body)) } : {}), ...(opts.headers ?? {}) } }, (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => {
            const body = Buffer.concat(chunks).toString("utf8");
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json: () => JSON.parse(body) });
          });
        });
        req.on("error", reject);
        if (opts.body !== undefined) req.end(opts.body);
        else req.end();
      });
    },
  };
}
