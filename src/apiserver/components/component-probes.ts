/**
 * The control plane components the API server reports in ComponentStatus
 * (upstream probes the scheduler's and controller-manager's /healthz and
 * each etcd server). Components that run in this process register a health
 * function; the store is always probed as etcd-0. Every read runs every probe.
 */
import type { ComponentProbe } from "../../api/types.js";

/** Resolves when healthy (with the health endpoint's body, "ok" by default); rejects with why not. */
export type HealthCheck = () => Promise<string | void>;

export interface ComponentProbes {
  /** Registers (or replaces) a component's check; returns a function that unregisters it. */
  register(name: string, check: HealthCheck): () => void;
  probeAll(): Promise<ComponentProbe[]>;
}

export function createComponentProbes(initial: Record<string, HealthCheck> = {}): ComponentProbes {
  const checks = new Map<string, HealthCheck>(Object.entries(initial));
  const probe = async (name: string, check: HealthCheck): Promise<ComponentProbe> => {
    try {
      const body = await check();
      return { name, result: "Success", message: body || "ok", error: "" };
    } catch (err) {
      return { name, result: "Failure", message: "", error: (err as Error).message ?? String(err) };
    }
  };
  return {
    register(name, check) {
      checks.set(name, check);
      return () => {
        if (checks.get(name) === check) checks.delete(name);
      };
    },
    probeAll: () => Promise.all([...checks].map(([name, check]) => probe(name, check))),
  };
}
