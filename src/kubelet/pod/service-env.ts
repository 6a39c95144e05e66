/**
 * Service environment variables (upstream's getServiceEnvVarMap and
 * envvars.FromServices): for every Service of the pod's namespace with a
 * cluster IP (unless enableServiceLinks is false), and always the
 * `kubernetes` Service of the default namespace:
 *
 *   REDIS_MASTER_SERVICE_HOST=10.96.0.11
 *   REDIS_MASTER_SERVICE_PORT=6379
 *   REDIS_MASTER_SERVICE_PORT_<PORT NAME>=6379        (named ports)
 *   REDIS_MASTER_PORT=tcp://10.96.0.11:6379           (first port)
 *   REDIS_MASTER_PORT_6379_TCP=tcp://10.96.0.11:6379
 *   REDIS_MASTER_PORT_6379_TCP_PROTO=tcp
 *   REDIS_MASTER_PORT_6379_TCP_PORT=6379
 *   REDIS_MASTER_PORT_6379_TCP_ADDR=10.96.0.11
 */
import type { Service } from "kubernetes-types/core/v1.js";

const MASTER_SERVICES = new Set(["kubernetes"]);

const envName = (s: string) => s.toUpperCase().replace(/-/g, "_");
const hostPort = (ip: string, port: number) => (ip.includes(":") ? `[${ip}]:${port}` : `${ip}:${port}`);

function hasClusterIP(s: Service): boolean {
  const ip = s.spec?.clusterIP;
  return !!ip && ip !== "None";
}

/** The Services whose variables a pod in namespace gets, by name. */
export function servicesForPod(all: readonly Service[], namespace: string, enableServiceLinks: boolean): Service[] {
  const byName = new Map<string, Service>();
  for (const s of all) {
    if (!hasClusterIP(s)) continue;
    const name = s.metadata?.name ?? "";
    if (s.metadata?.namespace === "default" && MASTER_SERVICES.has(name)) {
      if (!byName.has(name)) byName.set(name, s);
    } else if (s.metadata?.namespace === namespace && enableServiceLinks) {
      byName.set(name, s);
    }
  }
  return [...byName.keys()].sort().map((k) => byName.get(k)!);
}

/** The variables of the given Services, in order. */
export function serviceEnvVars(services: readonly Service[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const s of services) {
    if (!hasClusterIP(s)) continue;
    const ip = s.spec!.clusterIP!;
    const name = envName(s.metadata?.name ?? "");
    const ports = s.spec?.ports ?? [];
    out.set(`${name}_SERVICE_HOST`, ip);
    if (ports.length) out.set(`${name}_SERVICE_PORT`, String(ports[0].port));
    for (const p of ports) if (p.name) out.set(`${name}_SERVICE_PORT_${envName(p.name)}`, String(p.port));
    ports.forEach((p, i) => {
      const proto = (p.protocol ?? "TCP").toLowerCase();
      const url = `${proto}://${hostPort(ip, p.port)}`;
      if (i === 0) out.set(`${name}_PORT`, url);
      const prefix = `${name}_PORT_${p.port}_${(p.protocol ?? "TCP").toUpperCase()}`;
      out.set(prefix, url);
      out.set(`${prefix}_PROTO`, proto);
      out.set(`${prefix}_PORT`, String(p.port));
      out.set(`${prefix}_ADDR`, ip);
    });
  }
  return out;
}
