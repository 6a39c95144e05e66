import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { VirtualClock } from "../util/clock.js";
import { formatMicroTime, runLeaderElection, type Lease } from "./leader-election.js";
import { LEASES } from "./resources.js";
import { startTestCluster, type TestCluster } from "./test-fixtures.js";

/** Moves the clock in small steps so in-flight requests finish between timers. */
async function advance(clock: VirtualClock, ms: number, step = 100): Promise<void> {
  for (let t = 0; t < ms; t += step) await clock.advance(step);
}

interface Candidate {
  identity: string;
  leading: boolean;
  stopped: number;
  stop: AbortController;
  done: Promise<void>;
}

function candidate(c: TestCluster, identity: string, releaseOnCancel = true): Candidate {
  const stop = new AbortController();
  const cand: Candidate = { identity, leading: false, stopped: 0, stop, done: Promise.resolve() };
  cand.done = runLeaderElection({
    client: c.client,
    clock: c.clock,
    namespace: "kube-system",
    name: "kube-controller-manager",
    identity,
    releaseOnCancel,
    signal: stop.signal,
    onStartedLeading: (signal) => {
      cand.leading = true;
      signal.addEventListener("abort", () => (cand.leading = false));
    },
    onStoppedLeading: () => cand.stopped++,
  });
  return cand;
}

describe("leader election on a Lease", () => {
  let c: TestCluster;
  let clock: VirtualClock;
  before(async () => {
    clock = new VirtualClock();
    c = await startTestCluster(clock);
  });
  after(() => c.close());
  const lease = () => c.client.get<Lease>(LEASES, "kube-system", "kube-controller-manager");

  it("formats MicroTime as RFC 3339 with microseconds", () => {
    assert.equal(formatMicroTime(Date.UTC(2026, 0, 2, 3, 4, 5, 678)), "2026-01-02T03:04:05.678000Z");
  });

  it("elects one leader, keeps it renewing, hands over on release and on expiry", async () => {
    const a = candidate(c, "a");
    await advance(clock, 500);
    const b = candidate(c, "b", false);
    await advance(clock, 30_000);
    assert.equal(a.leading, true);
    assert.equal(b.leading, false);
    let l = await lease();
    assert.equal(l.spec?.holderIdentity, "a");
    assert.equal(l.spec?.leaseDurationSeconds, 15);
    assert.equal(l.spec?.leaseTransitions, 0);
    assert.ok(Date.parse(l.spec!.renewTime!) > Date.parse(l.spec!.acquireTime!), "renewals move renewTime, not acquireTime");
    assert.match(l.spec!.renewTime!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);

    // a stops and releases: b takes over within a retry period or two, not a lease duration.
    a.stop.abort();
    await a.done;
    assert.equal(a.stopped, 1);
    l = await lease();
    assert.equal(l.spec?.holderIdentity, "");
    await advance(clock, 5_000);
    assert.equal(b.leading, true);
    l = await lease();
    assert.equal(l.spec?.holderIdentity, "b");
    assert.equal(l.spec?.leaseTransitions, 1);

    // b dies without releasing: a new candidate waits for the lease to expire on its own clock.
    const a2 = candidate(c, "a");
    b.stop.abort();
    await b.done;
    assert.equal((await lease()).spec?.holderIdentity, "b");
    await advance(clock, 10_000);
    assert.equal(a2.leading, false, "the lease is still valid");
    await advance(clock, 15_000);
    assert.equal(a2.leading, true);
    l = await lease();
    assert.equal(l.spec?.holderIdentity, "a");
    assert.equal(l.spec?.leaseTransitions, 2);
    a2.stop.abort();
    await a2.done;
  });

  it("gives up leadership when renewals fail for the renew deadline", async () => {
    const stop = new AbortController();
    let lost = false;
    let leaderSignal: AbortSignal | undefined;
    const failing = { fail: false };
    const client = new Proxy(c.client, {
      get: (target, prop, recv) => {
        const v = Reflect.get(target, prop, recv);
        if ((prop === "update" || prop === "get") && typeof v === "function") {
          return (...args: unknown[]) => (failing.fail ? Promise.reject(new Error("connection refused")) : v.apply(target, args));
        }
        return v;
      },
    });
    const done = runLeaderElection({
      client,
      clock,
      namespace: "kube-system",
      name: "scheduler",
      identity: "s1",
      signal: stop.signal,
      onStartedLeading: (s) => void (leaderSignal = s),
      onStoppedLeading: () => void (lost = true),
    });
    await advance(clock, 3_000);
    assert.ok(leaderSignal && !leaderSignal.aborted);
    failing.fail = true;
    await advance(clock, 14_000);
    await done;
    assert.equal(lost, true);
    assert.equal(leaderSignal.aborted, true);
  });
});
