/**
 * Scrapes every node's kubelet (upstream's pkg/scraper): the node's address
 * by --kubelet-preferred-address-types, its port from status.daemonEndpoints
 * with --kubelet-use-node-status-port (else --kubelet-port), GET
 * /metrics/resource over HTTPS through the dialer, with the kubelet client
 * certificate. Connections are kept alive between rounds, as Go's
 * transport keeps them. A node that fails is logged and left out of the
 * round.
 */
import http from "node:http";
import tls from "node:tls";
import type { KubeObject } from "../api/types.js";
import type { Duplex } from "node:stream";
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
  /** The nodes to scrape (an informer's cache). */
  nodes(): NodeLike[];
  /** Connections to kubelets (createKubeletAgent). */
  agent: http.Agent;
  clock: Clock;
  preferredAddressTypes: readonly string[];
  useNodeStatusPort: boolean;
  kubeletPort: number;
  timeoutMs: number;
  log(message: string): void;
}

export interface NodeLike extends KubeObject {
  status?: { addresses?: { type?: string; address?: string }[]; daemonEndpoints?: { kubeletEndpoint?: { Port?: number } } };
}

/**
 * An agent whose connections are dialled through the network and secured
 * with the kubelet client certificate, kept alive between scrapes.
 */
export function createKubeletAgent(dialer: Dialer, t: KubeletTls): http.Agent {
  // One context for every connection: built per connection, loading the key and the CA was most of a scrape's cost.
  const secureContext = tls.createSecureContext({ cert: t.certPem, key: t.keyPem, ca: t.caPem });
  // A connection lost to a timeout resumes its kubelet's TLS session instead of a full handshake (as Node's https agent does).
  const sessions = new Map<string, Buffer>();
  class KubeletAgent extends http.Agent {
    override createConnection(options: { host?: string | null; port?: number | string | null }, callback: (err: Error | null, socket?: Duplex) => void): undefined {
      const host = options.host ?? "";
      const port = Number(options.port);
      dialer.dial(host, port).then(
        (raw) => {
          const key = joinHostPort(host, port);
          const s = tls.connect({ socket: raw, secureContext, session: sessions.get(key), rejectUnauthorized: !t.insecure, servername: /^[\d.]+$|:/.test(host) ? undefined : host, ALPNProtocols: ["http/1.1"] });
          s.on("session", (session: Buffer) => sessions.set(key, session));
          const fail = (err: Error) => callback(err);
          s.once("error", fail);
          s.once("secureConnect", () => {
            s.removeListener("error", fail);
            callback(null, s);
          });
        },
        (err: Error) => callback(err),
      );
      return undefined;
    }
  }
  return new KubeletAgent({ keepAlive: true, maxSockets: 1 });
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
  const body = await new Promise<string>((resolve, reject) => {
    const req = http.request({ host, port, method: "GET", path: "/metrics/resource", headers: { accept: "text/plain;version=0.0.4;q=1,*/*;q=0.1" }, agent: o.agent, signal });
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
  });
  const batch = batchFromResourceMetrics(node.metadata.name!, body);
  if (!batch.nodes.size) throw new Error(`unable to decode response from "${url}": no node metrics`);
  return batch;
}

/** Upstream's stagger: each node's scrape starts after a random delay below 8 ms per node, at most 4 s. */
const DELAY_PER_NODE_MS = 8;
const MAX_DELAY_MS = 4_000;

/**
 * One round over every node; failures are logged as upstream's "Failed to
 * scrape node". Requests are spread over the stagger window, as upstream
 * spreads them, so a thousand kubelets are not asked (and TLS-connected
 * to) in the same instant.
 */
export async function scrapeAll(o: ScraperOptions, signal: AbortSignal): Promise<MetricsBatch> {
  const nodes = o.nodes();
  const batch: MetricsBatch = { nodes: new Map(), pods: new Map() };
  const delayMs = Math.min(DELAY_PER_NODE_MS * nodes.length, MAX_DELAY_MS);
  await Promise.all(
    nodes.map(async (node) => {
      const delay = Math.floor(Math.random() * delayMs);
      if (delay > 0) await o.clock.sleep(delay, signal).catch(() => undefined);
      if (signal.aborted) return;
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
