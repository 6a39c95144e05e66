/**
 * The secure ports of the in-process controller manager and scheduler under
 * `skiff up` and `skiff server`, and DIR/ports.json: the ports the cluster
 * listens on (the API server's too), for whoever started it with port 0.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import type { RunningComponents } from "../cluster/components.js";
import { createDelegatingAuthorizer, serveComponent, type RunningComponentServer } from "../component-server/index.js";
import type { Client } from "../client/types.js";
import type { CertificateAuthority } from "../pki/certificates.js";
import type { Clock } from "../util/clock.js";

export interface ComponentPorts {
  "kube-controller-manager": number;
  "kube-scheduler": number;
}

export interface ServedComponents {
  /** The ports listened on; absent for a disabled one. */
  ports: Partial<ComponentPorts>;
  close(): Promise<void>;
}

/** Starts each component's secure port (0 skips it); fails with upstream's message when a port is taken. */
export async function serveComponentPorts(o: { components: RunningComponents; ports: ComponentPorts; bindAddress: string; ca: CertificateAuthority; pkiDir: string; client: Client; clock: Clock }): Promise<ServedComponents> {
  const authorize = createDelegatingAuthorizer(o.client, o.clock);
  const servers: RunningComponentServer[] = [];
  const ports: Partial<ComponentPorts> = {};
  const close = async () => void (await Promise.all(servers.map((s) => s.close())));
  try {
    for (const component of ["kube-controller-manager", "kube-scheduler"] as const) {
      const endpoint = o.components.endpoints[component];
      if (!endpoint || o.ports[component] === 0) continue;
      const server = await serveComponent({ component, endpoint, bindAddress: o.bindAddress, port: o.ports[component], ca: o.ca, pkiDir: o.pkiDir, authorize, clock: o.clock });
      servers.push(server);
      ports[component] = server.port;
    }
  } catch (err) {
    await close();
    throw err;
  }
  return { ports, close };
}

/** Writes DIR/ports.json: {"kube-apiserver": 6443, "kube-controller-manager": 10257, "kube-scheduler": 10259}. */
export function writePortsFile(dataDir: string, ports: Record<string, number | undefined>): void {
  writeFileSync(path.join(dataDir, "ports.json"), `${JSON.stringify(ports, null, 2)}\n`, { mode: 0o600 });
}
