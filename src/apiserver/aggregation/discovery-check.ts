/**
 * The availability controller's probe of an extension API server (upstream
 * RemoteAvailableConditionController): GET /apis/<group>/<version> as
 * system:kube-aggregator in system:masters, with the front-proxy client
 * certificate and without verifying the serving certificate, five attempts
 * at once, each 5 s at most; one success is enough. Failures are worded as
 * upstream's: `failing or missing response from <url>: ...`.
 */
import http from "node:http";
import type { ServiceResolver } from "../../network/service-resolver.js";
import type { Clock } from "../../util/clock.js";
import type { APIService } from "./apiservice-helpers.js";
import { connectBackend, type ClientCertificate } from "./backend-tls.js";

const ATTEMPTS = 5;
const CLIENT_TIMEOUT_MS = 5_000;

export interface DiscoveryCheckDeps {
  resolver: ServiceResolver;
  clientCertificate?: ClientCertificate;
  clock: Clock;
  /** Aborts probes in flight (the server is stopping). */
  signal?: AbortSignal;
}

/** undefined when the backend answered 2xx/3xx, else why not. */
export async function checkDiscovery(svc: APIService, deps: DiscoveryCheckDeps): Promise<string | undefined> {
  const results = await Promise.all(Array.from({ length: ATTEMPTS }, () => attempt(svc, deps)));
  if (results.some((r) => r === undefined)) return undefined;
  return results[results.length - 1];
}

async function attempt(svc: APIService, deps: DiscoveryCheckDeps): Promise<string | undefined> {
  const ref = svc.spec!.service!;
  const namespace = ref.namespace ?? "";
  const name = ref.name ?? "";
  const port = ref.port ?? 443;
  let host: string;
  try {
    const ep = deps.resolver.resolve(namespace, name, port);
    host = ep.host.includes(":") ? `[${ep.host}]:${ep.port}` : `${ep.host}:${ep.port}`;
  } catch (err) {
    return (err as Error).message;
  }
  const path = svc.metadata.name === "v1." ? `/api/${svc.spec?.version ?? ""}` : `/apis/${svc.spec?.group ?? ""}/${svc.spec?.version ?? ""}`;
  const url = `https://${host}${path}`;
  const abort = new AbortController();
  const timer = deps.clock.setTimeout(() => abort.abort(), CLIENT_TIMEOUT_MS);
  const stop = () => abort.abort();
  deps.signal?.addEventListener("abort", stop, { once: true });
  try {
    const status = await get(svc, deps, host, path, abort.signal);
    if (status < 200 || status >= 300) return `failing or missing response from ${url}: bad status from ${url}: ${status}`;
    return undefined;
  } catch (err) {
    const why = abort.signal.aborted ? "context deadline exceeded (Client.Timeout exceeded while awaiting headers)" : (err as Error).message;
    return `failing or missing response from ${url}: Get "${url}": ${why}`;
  } finally {
    timer.cancel();
    deps.signal?.removeEventListener("abort", stop);
  }
}

async function get(svc: APIService, deps: DiscoveryCheckDeps, host: string, path: string, signal: AbortSignal): Promise<number> {
  const ref = svc.spec!.service!;
  const { socket } = await connectBackend(deps.resolver, { namespace: ref.namespace ?? "", name: ref.name ?? "", port: ref.port ?? 443, insecureSkipTLSVerify: true }, deps.clientCertificate, signal);
  return new Promise<number>((resolve, reject) => {
    const r = http.request({
      method: "GET",
      path,
      headers: { host, "X-Remote-User": "system:kube-aggregator", "X-Remote-Group": "system:masters", connection: "close", accept: "application/json, */*" },
      createConnection: () => socket,
    });
    const onAbort = () => r.destroy(new Error("context canceled"));
    signal.addEventListener("abort", onAbort, { once: true });
    r.once("error", (err) => {
      signal.removeEventListener("abort", onAbort);
      socket.destroy();
      reject(err);
    });
    r.once("response", (res) => {
      signal.removeEventListener("abort", onAbort);
      res.resume();
      res.once("end", () => socket.destroy());
      resolve(res.statusCode ?? 0);
    });
    r.end();
  });
}
