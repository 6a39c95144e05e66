/**
 * Scrapes every node's kubelet (upstream's pkg/scraper): the node's address
 * by --kubelet-preferred-address-types, its port from status.daemonEndpoints
 * with --kubelet-use-node-status-port (else --kubelet-port), GET
 * /metrics/resource over HTTPS through the dialer, with the kubelet client
 * certificate. A node that fails is logged and left out of the round.
 */
import http from "node:http";
import tls from "node:tls";
import type { KubeObject } from "../api/types.js";
import type { Client } from "../client/types.js";
import { NODES } from "../client/resources.js";
import { joinHostPort, type Dialer } from "../network/dialer.js";
import type { Clock } from "../util/clock.js";
import { batchFromResourceMetrics, type MetricsBatch } from "./points.js";

export interface KubeletTls {
  certPem?: string;
  keyPem?: string;
  /** Verifies the kubelet's serving certificate against this; undefined with insecure. */
  caPem?: string;
  insecure: boolean;
}

export interface ScraperOptions {
  client: Client;
  dialer: Dialer;
  clock: Clock;
  tls: KubeletTls;
  preferredAddressTypes: readonly string[];
  useNodeStatusPort: boolean;
  kubeletPort: number;
  timeoutMs: number;
  log(message: string): void;
}

interface NodeLike extends KubeObject {
  status?: { addresses?: { type?: string; address?: string }[]; daemonEndpoints?: { kubeletEndpoint?: { Port?: number } } };
}

/** Where a node's kubelet is reached, or an error worded as upstream's. */
export function nodeAddress(node: NodeLike, o: Pick<ScraperOptions, "preferredAddressTypes" | "useNodeStatusPort" | "kubeletPort">): { host: string; port: number } {
  const addresses = node.status?.addresses ?? [];
  const port = o.useNodeStatusPort ? node.status?.daemonEndpoints?.kubeletEndpoint?.Port || o.kubeletPort : o.kubeletPort;
  for (const type of o.preferredAddressTypes) {
    const a = addresses.find((x) => x.type === type && x.address);
    if (a) return { host: a.address!, port };
  }
  throw new Error(`node ${node.metadata.name} had no addresses that matched types [${o.preferredAddressTypes.join(" ")}]`);
}

export async function scrapeNode(o: ScraperOptions, node: NodeLike, signal: AbortSignal): Promise<MetricsBatch> {
  const { host, port } = nodeAddress(node, o);
  const url = `https://${joinHostPort(host, port)}/metrics/resource`;
  const raw = await o.dialer.dial(host, port, signal);
  const socket = await new Promise<tls.TLSSocket>((resolve, reject) => {
    const s = tls.connect({ socket: raw, cert: o.tls.certPem, key: o.tls.keyPem, ca: o.tls.caPem, rejectUnauthorized: !o.tls.insecure, servername: /^[\d.]+$|:/.test(host) ? undefined : host, ALPNProtocols: ["http/1.1"] });
    s.once("secureConnect", () => resolve(s));
    s.once("error", reject);
  });
  const body = await new Promise<string>((resolve, reject) => {
    const req = http.request({ method: "GET", path: "/metrics/resource", headers: { host: joinHostPort(host, port), accept: "text/plain;version=0.0.4;q=1,*/*;q=0.1", connection: "close" }, createConnection: () => socket, signal });
    req.on("error", reject);
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("error", reject);
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString();
        if (res.statusCode !== 200) reject(new Error(`request failed, status: "${res.statusCode} ${res.statusMessage ?? ""}"`));
        else resolve(text);
      });
    });
    req.end();
  }).finally(() => socket.destroy());
  const batch = batchFromResourceMetrics(node.metadata.name!, body);
  if (!batch.nodes.size) throw new Error(`unable to decode response from "${url}": no node metrics`);
  return batch;
}

/** One round over every node; failures are logged as upstream's "Failed to scrape node". */
export async function scrapeAll(o: ScraperOptions, signal: AbortSignal): Promise<MetricsBatch> {
  const nodes = (await o.client.list<NodeLike>(NODES)).items;
  const batch: MetricsBatch = { nodes: new Map(), pods: new Map() };
  await Promise.all(
    nodes.map(async (node) => {
      const timeout = new AbortController();
      const timer = o.clock.setTimeout(() => timeout.abort(), o.timeoutMs);
      const onAbort = () => timeout.abort();
      signal.addEventListener("abort", onAbort, { once: true });
      try {
        const b = await scrapeNode(o, node, timeout.signal);
        for (const [k, v] of b.nodes) batch.nodes.set(k, v);
        for (const [k, v] of b.pods) batch.pods.set(k, v);
      } catch (err) {
        if (!signal.aborted) o.log(`"Failed to scrape node" err="${(err as Error).message}" node="${node.metadata.name}"`);
      } finally {
        timer.cancel();
        signal.removeEventListener("abort", onAbort);
      }
    }),
  );
  return batch;
}
