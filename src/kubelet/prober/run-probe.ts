/**
 * One run of a probe against a running container, as upstream's probers
 * (pkg/probe/exec, http, tcp) decide it: exec exits 0, HTTP answers
 * 200-399, TCP connects. An `error` run (the probe could not be carried
 * out: an unknown named port, a runtime failure) is thrown away by the
 * worker, as upstream's does.
 */
import type { Container as ContainerSpec, Probe } from "kubernetes-types/core/v1.js";
import type { Clock } from "../../util/clock.js";
import { KUBERNETES_VERSION } from "../../apiserver/version.js";
import { deadlineIn, RuntimeError, type Runtime } from "../runtime/runtime.js";
import { dialPod, httpStatusOf } from "./pod-connection.js";

export interface ProbeTarget {
  runtime: Runtime;
  clock: Clock;
  /** Deadline of a runtime call besides the probe's own timeout. */
  callTimeoutMs: number;
  containerId: string;
  sandboxId: string;
  podIP?: string;
  spec: ContainerSpec;
}

export interface ProbeRun {
  outcome: "success" | "failure" | "error";
  /** What the event says: the command's output, or the prober's message. */
  output: string;
}

const USER_AGENT = `kube-probe/${KUBERNETES_VERSION.replace(/^v(\d+\.\d+).*$/, "$1")}`;

export async function runProbe(probe: Probe, t: ProbeTarget): Promise<ProbeRun> {
  const timeoutSeconds = Math.max(1, probe.timeoutSeconds ?? 1);
  if (probe.exec) return runExec(probe.exec.command ?? [], timeoutSeconds, t);
  const action = probe.httpGet ?? probe.tcpSocket ?? probe.grpc;
  if (!action) return { outcome: "error", output: "missing probe handler" };
  const port = resolvePort(action.port, t.spec);
  if (port === undefined) return { outcome: "error", output: `couldn't find port: ${String(action.port)} in ${JSON.stringify(t.spec.ports ?? [])}` };
  const host = (probe.httpGet?.host || probe.tcpSocket?.host) ?? t.podIP ?? "";
  const hostPort = `${host.includes(":") ? `[${host}]` : host}:${port}`;
  if (probe.httpGet) {
    const scheme = (probe.httpGet.scheme ?? "HTTP").toLowerCase();
    const path = probe.httpGet.path ? (probe.httpGet.path.startsWith("/") ? probe.httpGet.path : `/${probe.httpGet.path}`) : "/";
    const url = `${scheme}://${hostPort}${path}`;
    const headers = new Map<string, string>([
      ["Host", hostPort],
      ["User-Agent", USER_AGENT],
      ["Accept", "*/*"],
    ]);
    for (const h of probe.httpGet.httpHeaders ?? []) headers.set(canonicalHeader(h.name), h.value);
    headers.set("Connection", "close");
    const request = `GET ${path} HTTP/1.1\r\n${[...headers].map(([k, v]) => `${k}: ${v}\r\n`).join("")}\r\n`;
    const r = await dialPod(t.runtime, t.clock, t.sandboxId, port, request, timeoutSeconds * 1000);
    if (!r.ok) return { outcome: "failure", output: r.refused ? `Get "${url}": dial tcp ${hostPort}: connect: connection refused` : `Get "${url}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)` };
    const status = httpStatusOf(r.response);
    if (status === undefined) return { outcome: "failure", output: `Get "${url}": net/http: HTTP/1.x transport connection broken: malformed HTTP response` };
    return status >= 200 && status < 400 ? { outcome: "success", output: "" } : { outcome: "failure", output: `HTTP probe failed with statuscode: ${status}` };
  }
  const r = await dialPod(t.runtime, t.clock, t.sandboxId, port, "", timeoutSeconds * 1000);
  if (r.ok) return { outcome: "success", output: "" };
  if (probe.grpc) return { outcome: "failure", output: `timeout: failed to connect service "${hostPort}" within ${timeoutSeconds}s: context deadline exceeded` };
  return { outcome: "failure", output: r.refused ? `dial tcp ${hostPort}: connect: connection refused` : `dial tcp ${hostPort}: i/o timeout` };
}

async function runExec(command: string[], timeoutSeconds: number, t: ProbeTarget): Promise<ProbeRun> {
  try {
    const r = await t.runtime.execSync(t.containerId, command, timeoutSeconds, deadlineIn(t.clock, t.callTimeoutMs + timeoutSeconds * 1000));
    const output = (r.stdout + r.stderr).trimEnd();
    return r.exitCode === 0 ? { outcome: "success", output } : { outcome: "failure", output };
  } catch (err) {
    if (err instanceof RuntimeError && /timed out/.test(err.message)) return { outcome: "failure", output: `command ${JSON.stringify(command.join(" "))} timed out` };
    return { outcome: "error", output: (err as Error).message };
  }
}

/** A probe's port: a number, or the name of one of the container's ports. */
function resolvePort(port: number | string | undefined, spec: ContainerSpec): number | undefined {
  if (typeof port === "number") return port > 0 && port < 65536 ? port : undefined;
  if (port === undefined) return undefined;
  if (/^\d+$/.test(port)) return Number(port);
  return spec.ports?.find((p) => p.name === port)?.containerPort;
}

function canonicalHeader(name: string): string {
  return name.toLowerCase().replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase());
}
