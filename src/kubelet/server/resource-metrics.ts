/**
 * GET /metrics/resource: the kubelet's resource metrics endpoint in the
 * Prometheus text format, with upstream's metric names, help texts and
 * explicit timestamps (ms), as metrics-server scrapes it. Written by hand:
 * the values are gathered at one instant and carry that time, which a
 * client library's registry does not model.
 */
import type { ServerResponse } from "node:http";
import type { KubeletHost } from "./host.js";
import { usageSnapshot } from "./usage-snapshot.js";

const label = (v: string) => v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
const labels = (l: Record<string, string>) => `{${Object.entries(l).map(([k, v]) => `${k}="${label(v)}"`).join(",")}}`;

/** Go's strconv.FormatFloat(v, 'g', -1, 64), as the Prometheus text format writes values: "11.29", "1.4868480e+07" style exponents from 1e6 up. */
export function goFloat(v: number): string {
  if (v === 0 || !Number.isFinite(v)) return String(v).replace("Infinity", "Inf");
  const exp = Math.floor(Math.log10(Math.abs(v)));
  if (exp < -4 || exp >= 6) {
    const [mantissa, e] = v.toExponential().split("e");
    const n = Number(e);
    return `${mantissa}e${n < 0 ? "-" : "+"}${String(Math.abs(n)).padStart(2, "0")}`;
  }
  return String(v);
}

interface Family {
  name: string;
  help: string;
  type: "counter" | "gauge";
  samples: { labels?: Record<string, string>; value: number; time?: number }[];
}

function render(families: Family[]): string {
  let out = "";
  for (const f of families) {
    out += `# HELP ${f.name} ${f.help}\n# TYPE ${f.name} ${f.type}\n`;
    for (const s of f.samples) out += `${f.name}${s.labels ? labels(s.labels) : ""} ${goFloat(s.value)}${s.time !== undefined ? ` ${s.time}` : ""}\n`;
  }
  return out;
}

export async function resourceMetrics(host: KubeletHost, startTime: number): Promise<string> {
  const snap = await usageSnapshot(host, startTime);
  const t = snap.time;
  const containers = snap.pods.flatMap((p) => p.containers.map((c) => ({ c, l: { container: c.name, namespace: p.namespace, pod: p.name } })));
  const pods = snap.pods.map((p) => ({ p, l: { namespace: p.namespace, pod: p.name } }));
  return render([
    { name: "container_cpu_usage_seconds_total", help: "[STABLE] Cumulative cpu time consumed by the container in core-seconds", type: "counter", samples: containers.map(({ c, l }) => ({ labels: l, value: c.cpuTime / 1e9, time: c.time })) },
    { name: "container_memory_working_set_bytes", help: "[STABLE] Current working set of the container in bytes", type: "gauge", samples: containers.map(({ c, l }) => ({ labels: l, value: c.memory, time: c.time })) },
    { name: "container_start_time_seconds", help: "[STABLE] Start time of the container since unix epoch in seconds", type: "gauge", samples: containers.map(({ c, l }) => ({ labels: l, value: c.startTime / 1000, time: c.startTime })) },
    { name: "node_cpu_usage_seconds_total", help: "[STABLE] Cumulative cpu time consumed by the node in core-seconds", type: "counter", samples: [{ value: snap.node.cpuTime / 1e9, time: t }] },
    { name: "node_memory_working_set_bytes", help: "[STABLE] Current working set of the node in bytes", type: "gauge", samples: [{ value: snap.node.memory, time: t }] },
    { name: "pod_cpu_usage_seconds_total", help: "[STABLE] Cumulative cpu time consumed by the pod in core-seconds", type: "counter", samples: pods.map(({ p, l }) => ({ labels: l, value: p.cpuTime / 1e9, time: p.time })) },
    { name: "pod_memory_working_set_bytes", help: "[STABLE] Current working set of the pod in bytes", type: "gauge", samples: pods.map(({ p, l }) => ({ labels: l, value: p.memory, time: p.time })) },
    { name: "resource_scrape_error", help: "[STABLE] 1 if there was an error while getting container metrics, 0 otherwise", type: "gauge", samples: [{ value: 0 }] },
  ]);
}

/** The text exposition format's content type, as upstream's kubelet answers. */
export function writePrometheusText(res: ServerResponse, body: string): void {
  res.writeHead(200, { "content-type": "text/plain; version=0.0.4; charset=utf-8", "content-length": Buffer.byteLength(body) });
  res.end(body);
}
