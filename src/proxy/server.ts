/**
 * kube-proxy's HTTP endpoints on one plain-HTTP listener: /healthz and
 * /livez answer as upstream's proxier health server (JSON with Go's time
 * format, 503 when a queued sync is older than twice the sync period),
 * /metrics serves its registry. Upstream splits them over 10256 (health)
 * and 10249 (metrics); under `skiff up` one listener serves all three.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { exposition } from "../metrics/registry.js";
import type { KubeProxy } from "./kube-proxy.js";

/** Go's time.Time.String() in UTC: "2006-01-02 15:04:05.999999999 +0000 UTC" (the zero time for 0). */
export function goTimeString(ms: number): string {
  if (!ms) return "0001-01-01 00:00:00 +0000 UTC";
  const d = new Date(ms);
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  const frac = d.getUTCMilliseconds() ? "." + p(d.getUTCMilliseconds(), 3).replace(/0+$/, "") : "";
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}${frac} +0000 UTC`;
}

export interface ProxyServer {
  readonly port: number;
  close(): Promise<void>;
}

export async function serveKubeProxy(proxy: KubeProxy, opts: { port: number; host?: string }): Promise<ProxyServer> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (path === "/healthz" || path === "/livez") {
      const kind = path === "/healthz" ? "healthz" : "livez";
      const h = proxy.health();
      const code = h.healthy ? 200 : 503;
      proxy.metrics.healthz(kind, code);
      const lastUpdated = goTimeString(h.healthy ? h.currentTime : h.lastUpdated);
      const body = kind === "healthz" ? `{"lastUpdated": "${lastUpdated}","currentTime": "${goTimeString(h.currentTime)}", "nodeEligible": true}` : `{"lastUpdated": "${lastUpdated}","currentTime": "${goTimeString(h.currentTime)}"}`;
      res.writeHead(code, { "Content-Type": "application/json", "X-Content-Type-Options": "nosniff" });
      res.end(body);
      return;
    }
    if (path === "/metrics") {
      void exposition(proxy.metrics.registry).then(({ contentType, body }) => {
        res.writeHead(200, { "Content-Type": contentType });
        res.end(body);
      });
      return;
    }
    res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8", "X-Content-Type-Options": "nosniff" });
    res.end("404 page not found\n");
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, opts.host ?? "127.0.0.1", () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
