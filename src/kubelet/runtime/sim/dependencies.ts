/**
 * `sim.skiff.dev/depends-on: "web.default.svc:80,redis:6379"`: what a sim
 * container connects to before it serves. While any dependency cannot be
 * reached from the pod (its name does not resolve through the pod's
 * resolv.conf, or the connection is dropped or refused on the way), the
 * container's HTTP endpoints answer 503, so a readiness probe against it
 * fails; the container logs why once per change, as a Go program prints a
 * failed dial.
 *
 * Checks are made when something reaches the container (a probe, a
 * port-forward), not on a timer: each answer uses the last check's result
 * and starts the next one, so a container that nobody probes costs nothing.
 */
import { DEPENDS_ON, simAnnotation } from "./annotations.js";

export interface Dependency {
  host: string;
  port: number;
}

/** Dials host:port from a pod through its network; the error is worded as Go's. */
export type PodDialer = (from: { namespace: string; name: string }, resolvConf: string, host: string, port: number) => Promise<{ ok: true } | { ok: false; error: string; unknown?: boolean }>;

/** "a:80, b:6379" -> [{a,80},{b,6379}]; entries without a valid port are skipped. */
export function parseDependsOn(value: string | undefined): Dependency[] {
  if (!value) return [];
  const out: Dependency[] = [];
  for (const entry of value.split(",")) {
    const e = entry.trim();
    const colon = e.lastIndexOf(":");
    const port = Number(e.slice(colon + 1));
    if (colon <= 0 || !Number.isInteger(port) || port < 1 || port > 65535) continue;
    out.push({ host: e.slice(0, colon).replace(/^\[(.*)\]$/, "$1"), port });
  }
  return out;
}

/** One container as the gate needs it. */
export interface GatedContainer {
  id: string;
  name: string;
  pod: { namespace: string; name: string } | undefined;
  annotations: Record<string, string> | undefined;
  resolvConf(): string;
  log(line: string): void;
}

export interface DependencyGate {
  /** Whether the container must not serve now (a dependency is down, or not checked yet); starts a check. */
  down(c: GatedContainer): boolean;
  /** Forgets a removed container. */
  forget(id: string): void;
}

interface State {
  /** undefined until the first check completes. */
  error?: string | null;
  checking: boolean;
  /** The value the checks were made for: a changed annotation starts over. */
  spec: string;
}

export function createDependencyGate(dial: PodDialer): DependencyGate {
  const states = new Map<string, State>();
  const check = async (c: GatedContainer, deps: Dependency[], state: State) => {
    state.checking = true;
    let error: string | null = null;
    try {
      for (const d of deps) {
        if (!c.pod) return;
        const r = await dial(c.pod, c.resolvConf(), d.host, d.port);
        // Not known yet (the network is still being listed): stay down, say nothing.
        if (!r.ok && r.unknown) return;
        if (!r.ok) {
          error = r.error;
          break;
        }
      }
    } catch (err) {
      error = (err as Error).message;
    } finally {
      state.checking = false;
    }
    if (error !== state.error) c.log(error === null ? `connected to ${deps.map((d) => `${d.host}:${d.port}`).join(", ")}` : error);
    state.error = error;
  };
  return {
    down(c) {
      const spec = simAnnotation(c.annotations, DEPENDS_ON, c.name);
      const deps = parseDependsOn(spec);
      if (!deps.length) {
        states.delete(c.id);
        return false;
      }
      let state = states.get(c.id);
      if (!state || state.spec !== spec) states.set(c.id, (state = { checking: false, spec: spec! }));
      if (!state.checking) void check(c, deps, state);
      return state.error !== null;
    },
    forget: (id) => void states.delete(id),
  };
}
