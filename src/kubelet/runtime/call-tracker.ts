/**
 * Wraps a Runtime so that the kubelet knows which of its calls have not
 * answered yet and for how long: a hanging runtime must never hang the
 * kubelet silently (S1, S2). Every method is forwarded unchanged.
 */
import type { Clock } from "../../util/clock.js";
import { RUNTIME_METHODS, type Runtime } from "./runtime.js";
import { formatDurationMs } from "../duration.js";

export interface OutstandingCall {
  /** The CRI method, e.g. "ListPodSandbox". */
  method: string;
  since: number;
}

export interface TrackedRuntime {
  runtime: Runtime;
  /** Calls in flight for at least minAgeMs, oldest first. */
  outstanding(minAgeMs: number): OutstandingCall[];
}

export function trackRuntimeCalls(inner: Runtime, clock: Clock): TrackedRuntime {
  const inFlight = new Set<OutstandingCall>();
  const wrapped = {} as Record<string, unknown>;
  for (const [key, method] of Object.entries(RUNTIME_METHODS)) {
    const fn = (inner as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>)[key].bind(inner);
    wrapped[key] = (...args: unknown[]) => {
      const call: OutstandingCall = { method, since: clock.now() };
      inFlight.add(call);
      const done = () => void inFlight.delete(call);
      const p = fn(...args);
      p.then(done, done);
      return p;
    };
  }
  // Streams live as long as the client keeps them: not outstanding calls.
  for (const key of ["exec", "attach", "portForward"] as const) wrapped[key] = inner[key].bind(inner);
  return {
    runtime: wrapped as unknown as Runtime,
    outstanding(minAgeMs) {
      const now = clock.now();
      return [...inFlight].filter((c) => now - c.since >= minAgeMs).sort((a, b) => a.since - b.since);
    },
  };
}

/** "runtime call ListPodSandbox outstanding for 12s", the form logs and the Ready message use. */
export function describeOutstanding(call: OutstandingCall, now: number): string {
  return `runtime call ${call.method} outstanding for ${formatDurationMs(Math.floor((now - call.since) / 1000) * 1000)}`;
}
