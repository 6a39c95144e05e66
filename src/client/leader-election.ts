/**
 * Lease-based leader election (client-go's leaderelection with a
 * LeaseLock). A candidate becomes leader by writing its identity into a
 * coordination.k8s.io/v1 Lease whose holder is empty or has not renewed it
 * for leaseDurationSeconds of local observation; it keeps leadership by
 * renewing every retryPeriod and loses it when it cannot renew within
 * renewDeadline. Writes are optimistic (resourceVersion): of two racing
 * candidates exactly one wins.
 *
 * Lease fields as upstream: holderIdentity, leaseDurationSeconds,
 * acquireTime (when this holder took it), renewTime (last renewal),
 * leaseTransitions (incremented each time the holder changes). Times are
 * MicroTime: RFC 3339 with microseconds.
 */
import { isApiError } from "../api/errors.js";
import type { Clock } from "../util/clock.js";
import { LEASES } from "./resources.js";
import type { Client, KubeObject } from "./types.js";
import { formatMicroTime } from "../util/time.js";

export interface LeaseSpec {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  acquireTime?: string;
  renewTime?: string;
  leaseTransitions?: number;
}

export interface Lease extends KubeObject {
  spec?: LeaseSpec;
}

export interface LeaderElectionOptions {
  client: Client;
  clock: Clock;
  namespace: string;
  name: string;
  identity: string;
  /** How long others wait after the last observed renewal before taking over; default 15s. */
  leaseDurationMs?: number;
  /** How long the leader keeps retrying a failed renewal before giving up; default 10s. */
  renewDeadlineMs?: number;
  /** Between attempts to acquire or renew; default 2s. */
  retryPeriodMs?: number;
  /** Clear the lease when signal aborts, so another candidate takes over at once; default true. */
  releaseOnCancel?: boolean;
  /** Stops the election (and leadership). */
  signal: AbortSignal;
  /** Called on becoming leader; its signal aborts when leadership ends. */
  onStartedLeading(signal: AbortSignal): void | Promise<void>;
  /** Called once leadership has ended (lost or given up); not called if never leader. */
  onStoppedLeading?(): void;
  /** Called whenever the observed leader changes (including to this candidate). */
  onNewLeader?(identity: string): void;
  log?: (msg: string) => void;
}

export { formatMicroTime };

/**
 * Campaigns until leader, leads until leadership is lost or signal aborts.
 * Resolves when done: after losing leadership (the caller decides whether
 * to campaign again or exit, as kube-controller-manager exits), or after
 * signal aborts and the lease is released.
 */
export async function runLeaderElection(opts: LeaderElectionOptions): Promise<void> {
  const elector = new LeaderElector(opts);
  if (!(await elector.acquire())) return;
  const leading = new AbortController();
  const stopLeading = () => leading.abort();
  opts.signal.addEventListener("abort", stopLeading, { once: true });
  const work = Promise.resolve()
    .then(() => opts.onStartedLeading(leading.signal))
    .catch((err: unknown) => opts.log?.(`leader work failed: ${(err as Error).message}`));
  try {
    await elector.renewUntilLost(leading.signal);
  } finally {
    leading.abort();
    opts.signal.removeEventListener("abort", stopLeading);
    if (opts.signal.aborted && (opts.releaseOnCancel ?? true)) await elector.release();
    void work;
    opts.onStoppedLeading?.();
  }
}

class LeaderElector {
  private readonly leaseDurationMs: number;
  private readonly renewDeadlineMs: number;
  private readonly retryPeriodMs: number;
  /** The lease as last read or written (its resourceVersion makes our next write optimistic). */
  private lease: Lease | undefined;
  private observedSpec: string | undefined;
  /** Local time when the lease record last changed: expiry is judged on our clock, not the holder's. */
  private observedTime = 0;
  private reportedLeader: string | undefined;

  constructor(private readonly opts: LeaderElectionOptions) {
    this.leaseDurationMs = opts.leaseDurationMs ?? 15_000;
    this.renewDeadlineMs = opts.renewDeadlineMs ?? 10_000;
    this.retryPeriodMs = opts.retryPeriodMs ?? 2_000;
    if (this.leaseDurationMs <= this.renewDeadlineMs) throw new Error("leaseDuration must be greater than renewDeadline");
    if (this.renewDeadlineMs <= this.retryPeriodMs * 1.2) throw new Error("renewDeadline must be greater than retryPeriod*1.2");
  }

  /** Tries every retryPeriod (with jitter) until leader; false when signal aborted first. */
  async acquire(): Promise<boolean> {
    const { signal, clock } = this.opts;
    this.opts.log?.(`attempting to acquire leader lease ${this.opts.namespace}/${this.opts.name}...`);
    while (!signal.aborted) {
      if (await this.tryAcquireOrRenew()) {
        this.opts.log?.(`successfully acquired lease ${this.opts.namespace}/${this.opts.name}`);
        return true;
      }
      if (!(await sleep(clock, this.retryPeriodMs * (1 + Math.random() * 1.2), signal))) return false;
    }
    return false;
  }

  /** Renews every retryPeriod; returns when a renewal failed for renewDeadline or signal aborted. */
  async renewUntilLost(signal: AbortSignal): Promise<void> {
    const { clock } = this.opts;
    while (!signal.aborted) {
      if (!(await sleep(clock, this.retryPeriodMs, signal))) return;
      const deadline = clock.now() + this.renewDeadlineMs;
      let renewed = false;
      while (!signal.aborted && clock.now() < deadline) {
        if ((renewed = await this.tryAcquireOrRenew())) break;
        if (!(await sleep(clock, Math.min(this.retryPeriodMs, Math.max(0, deadline - clock.now())), signal))) return;
      }
      if (!renewed && !signal.aborted) {
        this.opts.log?.(`failed to renew lease ${this.opts.namespace}/${this.opts.name}: timed out waiting for the condition`);
        return;
      }
    }
  }

  /** Clears the holder so the next candidate need not wait for expiry. */
  async release(): Promise<void> {
    if (!this.lease || !this.isLeader()) return;
    const now = formatMicroTime(this.opts.clock.now());
    const spec: LeaseSpec = { holderIdentity: "", leaseDurationSeconds: 1, acquireTime: now, renewTime: now, leaseTransitions: this.lease.spec?.leaseTransitions ?? 0 };
    try {
      this.lease = await this.opts.client.update<Lease>(LEASES, this.opts.namespace, { ...this.lease, spec });
    } catch (err) {
      this.opts.log?.(`failed to release lock: ${(err as Error).message}`);
    }
  }

  private isLeader(): boolean {
    return this.lease?.spec?.holderIdentity === this.opts.identity;
  }

  private observe(lease: Lease): void {
    const text = JSON.stringify(lease.spec ?? {});
    if (text !== this.observedSpec) {
      this.observedSpec = text;
      this.observedTime = this.opts.clock.now();
    }
    this.lease = lease;
    const holder = lease.spec?.holderIdentity ?? "";
    if (holder && holder !== this.reportedLeader) {
      this.reportedLeader = holder;
      this.opts.onNewLeader?.(holder);
    }
  }

  private leaseValid(now: number): boolean {
    return this.observedTime + (this.lease?.spec?.leaseDurationSeconds ?? 0) * 1000 > now;
  }

  private async tryAcquireOrRenew(): Promise<boolean> {
    const { client, clock, namespace, name, identity } = this.opts;
    const now = clock.now();
    const renewal = (old: LeaseSpec | undefined, leader: boolean): LeaseSpec => ({
      holderIdentity: identity,
      leaseDurationSeconds: Math.round(this.leaseDurationMs / 1000),
      acquireTime: leader && old?.acquireTime ? old.acquireTime : formatMicroTime(now),
      renewTime: formatMicroTime(now),
      leaseTransitions: leader ? old?.leaseTransitions ?? 0 : (old?.leaseTransitions ?? 0) + 1,
    });

    // Fast path: the leader renews from its own copy without reading first.
    if (this.lease && this.isLeader() && this.leaseValid(now)) {
      try {
        this.observe(await client.update<Lease>(LEASES, namespace, { ...this.lease, spec: renewal(this.lease.spec, true) }));
        return true;
      } catch (err) {
        this.opts.log?.(`failed to update lease optimistically, falling back to slow path: ${(err as Error).message}`);
      }
    }

    let current: Lease;
    try {
      current = await client.get<Lease>(LEASES, namespace, name);
    } catch (err) {
      if (!isApiError(err, "NotFound")) {
        this.opts.log?.(`error retrieving resource lock ${namespace}/${name}: ${(err as Error).message}`);
        return false;
      }
      const spec = renewal(undefined, true);
      try {
        this.observe(await client.create<Lease>(LEASES, namespace, { apiVersion: "coordination.k8s.io/v1", kind: "Lease", metadata: { name, namespace }, spec }));
        return true;
      } catch (e) {
        this.opts.log?.(`error initially creating lease lock: ${(e as Error).message}`);
        return false;
      }
    }
    this.observe(current);
    const holder = current.spec?.holderIdentity ?? "";
    const leader = holder === identity;
    if (holder && this.leaseValid(now) && !leader) return false;
    try {
      this.observe(await client.update<Lease>(LEASES, namespace, { ...current, spec: renewal(current.spec, leader) }));
      return true;
    } catch (err) {
      this.opts.log?.(`failed to update lock: ${(err as Error).message}`);
      return false;
    }
  }
}

/** Sleeps on the clock; false when signal aborted. */
async function sleep(clock: Clock, ms: number, signal: AbortSignal): Promise<boolean> {
  try {
    await clock.sleep(ms, signal);
    return true;
  } catch {
    return false;
  }
}
