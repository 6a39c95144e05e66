/**
 * metrics-server's command line (upstream's cmd/metrics-server/app/options),
 * the flags its manifests use. Unknown flags fail as pflag words it.
 *
 *   parseOptions(["--secure-port=10250", "--kubelet-insecure-tls", "--metric-resolution=15s"])
 */
import { parseDurationMs } from "../kubelet/duration.js";

export interface MetricsServerOptions {
  securePort: number;
  certDir: string;
  tlsCertFile?: string;
  tlsPrivateKeyFile?: string;
  kubeconfig?: string;
  metricResolutionMs: number;
  kubeletPort: number;
  kubeletUseNodeStatusPort: boolean;
  kubeletInsecureTls: boolean;
  kubeletPreferredAddressTypes: string[];
  kubeletCertificateAuthority?: string;
  kubeletClientCertificate?: string;
  kubeletClientKey?: string;
  kubeletRequestTimeoutMs: number;
}

export const DEFAULT_OPTIONS: MetricsServerOptions = {
  securePort: 10250,
  certDir: "apiserver.local.config/certificates",
  metricResolutionMs: 60_000,
  kubeletPort: 10250,
  kubeletUseNodeStatusPort: false,
  kubeletInsecureTls: false,
  kubeletPreferredAddressTypes: ["Hostname", "InternalDNS", "InternalIP", "ExternalDNS", "ExternalIP"],
  kubeletRequestTimeoutMs: 10_000,
};

type Setter = (o: MetricsServerOptions, value: string) => void;

const duration = (flag: string, value: string): number => {
  const ms = parseDurationMs(value);
  if (ms === undefined) throw new Error(`invalid argument "${value}" for "--${flag}" flag: time: invalid duration "${value}"`);
  return ms;
};
const port = (flag: string, value: string): number => {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65535) throw new Error(`invalid argument "${value}" for "--${flag}" flag: strconv.ParseInt: parsing "${value}": invalid syntax`);
  return n;
};
const bool = (flag: string, value: string): boolean => {
  if (value === "true") return true;
  if (value === "false") return false;
  throw new Error(`invalid argument "${value}" for "--${flag}" flag: strconv.ParseBool: parsing "${value}": invalid syntax`);
};

const VALUED: Record<string, Setter> = {
  "secure-port": (o, v) => (o.securePort = port("secure-port", v)),
  "cert-dir": (o, v) => (o.certDir = v),
  "tls-cert-file": (o, v) => (o.tlsCertFile = v),
  "tls-private-key-file": (o, v) => (o.tlsPrivateKeyFile = v),
  kubeconfig: (o, v) => (o.kubeconfig = v),
  "metric-resolution": (o, v) => (o.metricResolutionMs = duration("metric-resolution", v)),
  "kubelet-port": (o, v) => (o.kubeletPort = port("kubelet-port", v)),
  "kubelet-preferred-address-types": (o, v) => (o.kubeletPreferredAddressTypes = v.split(",").map((s) => s.trim()).filter(Boolean)),
  "kubelet-certificate-authority": (o, v) => (o.kubeletCertificateAuthority = v),
  "kubelet-client-certificate": (o, v) => (o.kubeletClientCertificate = v),
  "kubelet-client-key": (o, v) => (o.kubeletClientKey = v),
  "kubelet-request-timeout": (o, v) => (o.kubeletRequestTimeoutMs = duration("kubelet-request-timeout", v)),
  // Accepted for compatibility; Skiff's metrics-server logs at one level.
  v: () => undefined,
};

const BOOLEAN: Record<string, (o: MetricsServerOptions, v: boolean) => void> = {
  "kubelet-use-node-status-port": (o, v) => (o.kubeletUseNodeStatusPort = v),
  "kubelet-insecure-tls": (o, v) => (o.kubeletInsecureTls = v),
};

export function parseOptions(args: readonly string[]): MetricsServerOptions {
  const o: MetricsServerOptions = { ...DEFAULT_OPTIONS, kubeletPreferredAddressTypes: [...DEFAULT_OPTIONS.kubeletPreferredAddressTypes] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith("--")) continue; // positional arguments are ignored, as cobra does for this command
    const eq = arg.indexOf("=");
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const inline = eq < 0 ? undefined : arg.slice(eq + 1);
    if (BOOLEAN[name]) {
      BOOLEAN[name](o, inline === undefined ? true : bool(name, inline));
      continue;
    }
    const set = VALUED[name];
    if (!set) throw new Error(`unknown flag: --${name}`);
    const value = inline ?? args[++i];
    if (value === undefined) throw new Error(`flag needs an argument: --${name}`);
    set(o, value);
  }
  if (o.metricResolutionMs < 10_000) throw new Error("metric-resolution should be a time duration at least 10s");
  if ((o.kubeletClientCertificate === undefined) !== (o.kubeletClientKey === undefined)) throw new Error("both --kubelet-client-certificate and --kubelet-client-key must be set");
  return o;
}
