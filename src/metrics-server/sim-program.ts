/**
 * metrics-server as a sim program: a sim container whose image is
 * registry.k8s.io/metrics-server/metrics-server runs this code in-process.
 *
 * - Its flags are the container's args (options.ts).
 * - It reaches the API server in-process (from whichever thread runs the
 *   sim nodes) with the credentials of its
 *   --kubeconfig (a client certificate from its mounted Secret): the
 *   certificate is checked as the API server checks client certificates
 *   (chain to the cluster CA, validity, client auth), and requests carry
 *   the user it names. Skiff does not accept service-account tokens yet,
 *   so without --kubeconfig it fails as an unauthorised client would.
 * - It listens on a loopback port registered in the simulated network as
 *   <pod IP>:<--secure-port>, so the Service's endpoints reach it; it dials
 *   kubelets through the same network.
 */
import { X509Certificate } from "node:crypto";
import { createClient } from "../client/index.js";
import type { Transport, UserInfo } from "../client/types.js";
import { parseCaBundle, verifyClientCertificate } from "../apiserver/authn/index.js";
import { certificateMatchesKey, parseKubeconfig } from "../pki/index.js";
import type { SimulatedNetwork } from "../network/dialer.js";
import { imageRepository, type SimProgram, type SimProgramContext } from "../kubelet/index.js";
import { parseOptions } from "./options.js";
import { startMetricsServer } from "./server.js";
import { READYZ_FAILED } from "./api.js";
import type { MetricsStorage } from "./storage.js";

export const METRICS_SERVER_IMAGES = ["registry.k8s.io/metrics-server/metrics-server", "k8s.gcr.io/metrics-server/metrics-server"];
export const METRICS_SERVER_VERSION = "v0.8.0";

export interface MetricsServerProgramOptions {
  /** The API server, reached in-process (the loopback transport, or the port transport from another thread) as user. */
  transport(user: UserInfo): Transport;
  /** The cluster CA client certificates must chain to. */
  clientCAPem: string;
  network: SimulatedNetwork;
}

const text = (ctx: SimProgramContext, path: string) => {
  const data = ctx.readFile(path);
  return data === undefined ? undefined : Buffer.from(data).toString("utf8");
};

async function apiClient(o: MetricsServerProgramOptions, ctx: SimProgramContext, kubeconfigPath: string | undefined) {
  if (!kubeconfigPath) throw new Error("unable to load in-cluster configuration: service-account tokens are not accepted by this cluster; pass --kubeconfig with a client certificate");
  const raw = text(ctx, kubeconfigPath);
  if (raw === undefined) throw new Error(`invalid configuration: stat ${kubeconfigPath}: no such file or directory`);
  const creds = await parseKubeconfig(raw, { baseDir: "/" });
  if (!creds.certPem || !creds.keyPem || !certificateMatchesKey(creds.certPem, creds.keyPem)) throw new Error(`invalid configuration: ${kubeconfigPath} has no usable client certificate and key`);
  const verdict = verifyClientCertificate(new X509Certificate(creds.certPem), parseCaBundle(o.clientCAPem), ctx.clock);
  if (verdict.status !== "authenticated") throw new Error(`Unauthorized: ${verdict.status === "rejected" ? verdict.reason : "no client certificate"}`);
  return createClient({
    transport: o.transport(verdict.user),
    identity: verdict.user.username,
    userAgent: `metrics-server/${METRICS_SERVER_VERSION} (linux/amd64) kubernetes/unknown`,
  });
}

const text200 = (body: string) => ({ status: 200, contentType: "text/plain; charset=utf-8", body });

/** The health paths as the kubelet's probes see them; any other plain-HTTP request gets Go's answer on a TLS port. */
function probeHandler(storage: MetricsStorage) {
  return (req: { target: string }) => {
    const path = req.target.split("?")[0];
    if (path === "/livez" || path === "/healthz") return text200("ok");
    if (path === "/readyz") return storage.ready() ? text200("ok") : { status: 500, contentType: "text/plain; charset=utf-8", body: READYZ_FAILED };
    return { status: 400, contentType: "text/plain; charset=utf-8", body: "Client sent an HTTP request to an HTTPS server.\n" };
  };
}

export function metricsServerProgram(o: MetricsServerProgramOptions): SimProgram {
  return {
    matches: (image) => METRICS_SERVER_IMAGES.includes(imageRepository(image)),
    async run(ctx) {
      const options = parseOptions(ctx.argv);
      if (!ctx.podIP) throw new Error("the pod has no IP to serve on");
      const client = await apiClient(o, ctx, options.kubeconfig);
      const ms = await startMetricsServer({
        options,
        client,
        dialer: o.network,
        clock: ctx.clock,
        readFile: (path) => text(ctx, path),
        log: (line) => ctx.log("stderr", line),
      });
      const unregister = o.network.register(ctx.podIP, options.securePort, { host: "127.0.0.1", port: ms.port });
      ctx.serveProbes(options.securePort, probeHandler(ms.storage));
      await new Promise<void>((resolve) => (ctx.signal.aborted ? resolve() : ctx.signal.addEventListener("abort", () => resolve(), { once: true })));
      unregister();
      await ms.stop();
      return 0;
    },
  };
}
