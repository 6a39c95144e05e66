/**
 * Fault injection in front of every sim runtime call. With no fault a call
 * runs at once. "fail" rejects it; "slow" runs it after a delay; "hang"
 * holds it until healed. A held call honours its deadline (the caller gets
 * DeadlineExceededError at the deadline) while the held work stays
 * outstanding in the runtime, as a stuck runc leaves containerd's calls.
 * Held work whose caller already gave up is dropped when it is released,
 * so a late RunPodSandbox cannot leave a sandbox nobody knows about.
 */
import type { Clock, Timer } from "../../../util/clock.js";
import type { RegistryFault } from "./registry-faults.js";
import { DeadlineExceededError, RuntimeError, type CallOptions } from "../runtime.js";

/** What happens to the runtime's calls: held until healed, delayed, or failed. */
export type CallFault = { mode: "hang"; /** Only these methods hang (default: all). */ methods?: readonly string[] } | { mode: "slow"; delayMs: number } | { mode: "fail"; message?: string };

/** Faults inside the node, beyond its runtime calls (node-faults.ts turns Fault objects into these). */
export interface NodeInternalFaults {
  /** Pods ("namespace/name") whose containers survive SIGKILL (a process in uninterruptible sleep, state D). */
  unkillablePods?: string[];
  /** Registries whose pulls fail. */
  registries?: RegistryFault[];
}

/** Everything injected into a sim runtime at once: a call fault (mode), node-internal faults, or both. */
export type SimFault = (CallFault | { mode?: undefined }) & NodeInternalFaults;

/** A call the runtime has not finished, whether or not its caller still waits. */
export interface HeldCall {
  method: string;
  since: number;
}

interface Waiter extends HeldCall {
  release(): void;
}

export class FaultGate {
  private fault: CallFault | undefined;
  /** Hung calls, released in order on heal. */
  private hung: Waiter[] = [];
  /** Every held call (hung or delayed), for diagnostics. */
  private readonly held = new Set<HeldCall>();

  constructor(private readonly clock: Clock) {}

  current(): CallFault | undefined {
    return this.fault;
  }

  /** Sets (or with undefined, heals) the fault. Leaving "hang" releases every hung call. */
  set(fault: SimFault | undefined): void {
    this.fault = fault?.mode ? fault : undefined;
    if (fault?.mode === "hang") return;
    const released = this.hung;
    this.hung = [];
    for (const w of released) w.release();
  }

  /** Calls held longer than minAgeMs, oldest first. */
  outstanding(minAgeMs = 0): HeldCall[] {
    const now = this.clock.now();
    return [...this.held].filter((c) => now - c.since >= minAgeMs).sort((a, b) => a.since - b.since);
  }

  /** Runs op under the current fault, honouring the call's deadline. */
  call<T>(method: string, opts: CallOptions, op: () => T | Promise<T>): Promise<T> {
    const fault = this.fault;
    if (this.clock.now() > opts.deadline) return Promise.reject(new DeadlineExceededError(method));
    if (!fault) return settle(op);
    if (fault.mode === "hang" && fault.methods && !fault.methods.includes(method)) return settle(op);
    if (fault.mode === "fail") return Promise.reject(new RuntimeError("Unavailable", fault.message ?? "sim runtime: injected failure"));
    return new Promise<T>((resolve, reject) => {
      const entry: Waiter = { method, since: this.clock.now(), release: () => proceed() };
      let callerGone = false;
      let delay: Timer | undefined;
      const deadline = this.clock.setTimeout(() => {
        callerGone = true;
        reject(new DeadlineExceededError(method));
      }, Math.max(0, opts.deadline - this.clock.now()));
      const proceed = () => {
        this.held.delete(entry);
        deadline.cancel();
        delay?.cancel();
        if (callerGone) return;
        settle(op).then(resolve, reject);
      };
      this.held.add(entry);
      if (fault.mode === "slow") delay = this.clock.setTimeout(proceed, fault.delayMs);
      else this.hung.push(entry);
    });
  }
}

function settle<T>(op: () => T | Promise<T>): Promise<T> {
  try {
    return Promise.resolve(op());
  } catch (err) {
    return Promise.reject(err);
  }
}
