/**
 * A kubelet for one node (upstream's pkg/kubelet): registers the Node,
 * renews its Lease, posts NodeStatus, watches only the pods bound to it and
 * the Faults aimed at it, and runs those pods on a CRI-shaped runtime.
 *
 * Cost model: thousands of kubelets share a process, so each keeps one
 * ticker (every plegRelistPeriod, 1 s) that drives PLEG, node status, the
 * lease, fault expiry, status retries and due pod syncs; pods have no
 * timers of their own (probe outcomes and back-offs are computed as
 * functions of time and turned into "sync this pod at t").
 */
import { randomUUID } from "node:crypto";
import type { FaultObject } from "../api/chaos/faults.js";
import type { Pod, PodObject } from "../api/core/pod-types.js";
import { isApiError } from "../api/errors.js";
import type { EventRecorder } from "../client/events.js";
import { FAULTS, NODES, PODS, createInformerFactory, type Client, type Component, type KubeObject } from "../client/index.js";
import type { Clock } from "../util/clock.js";
import { describeOutstanding, trackRuntimeCalls } from "./runtime/call-tracker.js";
import { serveNode, type KubeletServing } from "./server/serve-node.js";
import type { KubeletHost } from "./server/host.js";
import { deadlineIn, type Runtime } from "./runtime/runtime.js";
import type { SimFault } from "./runtime/sim/fault-gate.js";
import { createPleg } from "./pleg/pleg.js";
import { createKubeletMetrics, type KubeletMetrics } from "../metrics/index.js";
import { NETWORK_NOT_READY_MESSAGE, plegNotHealthyMessage } from "./nodestatus/conditions.js";
import { DEFAULT_CAPACITY, simNodeIP, type NodeIdentity } from "./nodestatus/node-object.js";
import { NodeLease } from "./nodestatus/node-lease.js";
import { NodeStatusReporter, type ReporterOptions } from "./nodestatus/reporter.js";
import { NodeFaults, type FaultEffects } from "./faults/node-faults.js";
import { RestartBackoff } from "./pod/backoff.js";
import { POD_UID_LABEL } from "./pod/labels.js";
import { PodIPAllocator } from "./pod/pod-ips.js";
import { PodStatusManager } from "./pod/status-manager.js";
import { PodWorkers } from "./pod/pod-workers.js";
import { removePod, syncPod, type PodSyncContext } from "./pod/sync-pod.js";
import { createPodPreparation } from "./pod/pod-preparation.js";
import { defaultClusterDNS } from "./pod/dns-config.js";
import type { HostFilesystem } from "./runtime/host-filesystem.js";
import type { DNSConfig } from "./runtime/runtime.js";
import { createMemoryFilesystem } from "./runtime/sim/memory-filesystem.js";
import type { Node, Service } from "kubernetes-types/core/v1.js";
import { SERVICES } from "../client/resources.js";

export interface KubeletOptions {
  client: Client;
  clock: Clock;
  nodeName: string;
  /** A CRI-shaped runtime; if it can inject faults (the sim runtime), Fault objects drive it. */
  runtime: Runtime & { inject?(fault: SimFault): void; heal?(): void; readonly hostFilesystem?: HostFilesystem; updatePodAnnotations?(podUid: string, annotations: Record<string, string>): void };
  /** Resource name to quantity; default cpu=4, memory=16Gi, pods=110, ephemeral-storage=100Gi. */
  capacity?: Record<string, string>;
  labels?: Record<string, string>;
  instanceType?: string;
  architecture?: string;
  /** The node's InternalIP; default a made-up address in 172.16.0.0/12 derived from the name. */
  nodeIP?: string;
  /** Where pod IPs come from: "node" (default) waits for spec.podCIDR, set by the IPAM controller; a CIDR string uses that range. */
  podCIDR?: "node" | string;
  /** Serve the kubelet's API (logs, exec, port-forward ...) on loopback, reachable on the simulated network. */
  server?: KubeletServing;
  plegRelistPeriodMs?: number;
  plegThresholdMs?: number;
  nodeStatusUpdateFrequencyMs?: number;
  /** How often an unchanged status is written anyway (upstream: 5 m). */
  nodeStatusReportFrequencyMs?: number;
  nodeLeaseDurationSeconds?: number;
  /** Deadline of every runtime call (--runtime-request-timeout, 2 m). */
  runtimeRequestTimeoutMs?: number;
  /** How often every pod is synced without an event (--sync-frequency, 1 m). */
  syncFrequencyMs?: number;
  log?: (level: number, message: string) => void;
  /** Errors (klog's E lines); absent, they go to log at level 0. */
  error?: (message: string) => void;
  verbosity?: number;
  recorder?: EventRecorder;
  /** The node's filesystem, shared with the runtime; default the runtime's own (the sim runtime's), else a fresh in-memory one. */
  hostFilesystem?: HostFilesystem;
  /** --cluster-dns; default the 10th address of the default service CIDR (10.96.0.10), as kubeadm sets it. */
  clusterDNS?: string[];
  /** --cluster-domain (cluster.local). */
  clusterDomain?: string;
  /** The node's own resolv.conf (--resolv-conf), for dnsPolicy Default; default empty. */
  resolvConf?: DNSConfig;
  /** Adds metrics of the kubelet's process to what its /metrics serves (the client certificate manager's). */
  extraMetrics?: (registry: KubeletMetrics["registry"]) => void;
}

/** Runtime calls older than this are reported (S1, S2). */
export const OUTSTANDING_CALL_REPORT_MS = 5_000;
const HOUSEKEEPING_TICKS = 2;

export interface Kubelet extends Component {
  /** Whether PLEG is healthy, and the Ready errors the node would report now. */
  readyErrors(): string[];
}

export function createKubelet(opts: KubeletOptions): Kubelet {
  const { client, clock, nodeName } = opts;
  const verbosity = opts.verbosity ?? 0;
  const log = (level: number, message: string) => {
    if (level > verbosity) return;
    if (opts.log) opts.log(level, message);
    else console.log(`kubelet[${nodeName}] ${message}`);
  };
  const logError = (message: string) => (opts.error ? opts.error(message) : log(0, message));
  const period = opts.plegRelistPeriodMs ?? 1_000;
  const statusEvery = Math.max(1, Math.round((opts.nodeStatusUpdateFrequencyMs ?? 10_000) / period));
  const leaseSeconds = opts.nodeLeaseDurationSeconds ?? 40;
  const leaseEvery = Math.max(1, Math.round((leaseSeconds * 250) / period));
  const callTimeoutMs = opts.runtimeRequestTimeoutMs ?? 120_000;
  const syncFrequencyMs = opts.syncFrequencyMs ?? 60_000;
  const nodeIP = opts.nodeIP ?? simNodeIP(nodeName);

  const tracked = trackRuntimeCalls(opts.runtime, clock);
  const runtime = tracked.runtime;
  const metrics = createKubeletMetrics({ nodeName, lastRelistMs: () => pleg.lastRelist() });
  opts.extraMetrics?.(metrics.registry);
  const pleg = createPleg({ runtime, clock, relistThresholdMs: opts.plegThresholdMs, callTimeoutMs, metrics: metrics.pleg, onEvents: (events) => events.forEach((_e, uid) => pods.has(uid) && workers.update(uid)) });
  const ips = new PodIPAllocator();
  if (opts.podCIDR && opts.podCIDR !== "node") ips.setRange(opts.podCIDR);
  const statuses = new PodStatusManager(client, log);
  const identity: NodeIdentity = { nodeName, nodeIP, labels: opts.labels, capacity: opts.capacity ?? DEFAULT_CAPACITY, architecture: opts.architecture, instanceType: opts.instanceType };
  const reporter = new NodeStatusReporter({
    client,
    identity,
    bootId: randomUUID(),
    reportFrequencyMs: opts.nodeStatusReportFrequencyMs ?? 5 * 60_000,
    recorder: opts.recorder,
    log,
    cached: () => nodeCache?.(),
  });
  const lease = new NodeLease(client, nodeName, leaseSeconds);
  /** The Node from the kubelet's informer, once it runs. */
  let nodeCache: ReporterOptions["cached"];
  let effects: FaultEffects = { heartbeatStopped: false, runtime: undefined };
  const faults = new NodeFaults(client, log, (e) => {
    effects = e;
    statuses.hold(e.heartbeatStopped);
    if (e.runtime) opts.runtime.inject?.(e.runtime);
    else opts.runtime.heal?.();
  });

  /** Pods bound here, by uid, as the informer last delivered them. */
  const pods = new Map<string, Pod>();
  let services: { hasSynced(): boolean; lister: { list(): Service[] } } | undefined;
  const clusterDNS = opts.clusterDNS ?? [defaultClusterDNS()];
  const prep = createPodPreparation({
    client,
    clock,
    fs: opts.hostFilesystem ?? opts.runtime.hostFilesystem ?? createMemoryFilesystem({ clock }),
    dns: { clusterDNS, clusterDomain: opts.clusterDomain, hostDNS: opts.resolvConf ?? { servers: [], searches: [], options: [] } },
    hostIP: nodeIP,
    nodeAllocatable: opts.capacity ?? DEFAULT_CAPACITY,
    services: () => (services?.hasSynced() ? services.lister.list() : undefined),
    onReferenceChange: (uids) => uids.forEach((uid) => pods.has(uid) && workers.update(uid)),
  });
  /** When each pod must next be synced without an event. */
  const nextSync = new Map<string, number>();
  const ctx: PodSyncContext = {
    runtime,
    clock,
    callTimeoutMs,
    ips,
    backoff: new RestartBackoff(),
    hostIP: nodeIP,
    prepare: prep.preparation,
    recorder: opts.recorder,
    log,
    setStatus: (pod, status) => statuses.set(pod, status),
    deletePod: async (pod) => {
      const uid = pod.metadata!.uid!;
      await statuses.flush(uid);
      try {
        await client.delete(PODS, pod.metadata!.namespace, pod.metadata!.name!, { gracePeriodSeconds: 0, preconditions: { uid } });
      } catch (err) {
        if (!isApiError(err, "NotFound") && !isApiError(err, "Conflict")) throw err;
      }
    },
  };

  const readyErrors = (): string[] => {
    const errs: string[] = [];
    const h = pleg.healthy();
    if (!h.ok) {
      errs.push(plegNotHealthyMessage(h.message));
      for (const c of tracked.outstanding(OUTSTANDING_CALL_REPORT_MS)) errs.push(describeOutstanding(c, clock.now()));
    }
    if (!ips.hasRange() && !opts.podCIDR?.includes("/")) errs.push(NETWORK_NOT_READY_MESSAGE);
    return errs;
  };

  const syncUid = async (uid: string) => {
    const pod = pods.get(uid);
    if (!pod) {
      nextSync.delete(uid);
      await removePod(ctx, uid);
      statuses.forget(uid);
      return;
    }
    if (!pleg.healthy().ok) return void nextSync.set(uid, clock.now() + period);
    const current = { ...pod, status: statuses.get(uid) ?? pod.status };
    const r = await syncPod(ctx, current);
    if (r.done) return void nextSync.delete(uid);
    nextSync.set(uid, Math.min(r.nextSyncAt ?? Infinity, clock.now() + syncFrequencyMs));
  };
  const workers = new PodWorkers(syncUid, (uid, err) => {
    const pod = pods.get(uid);
    logError(`Error syncing pod ${pod ? `"${pod.metadata?.namespace}/${pod.metadata?.name}"` : uid}, skipping: ${(err as Error).message}`);
    nextSync.set(uid, clock.now() + 2 * period);
  });

  let ticks = 0;
  /** The PLEG starts once the kubelet's informers (its Faults among them) have synced: a fault the node already has holds the first relist too. */
  let plegStarted = false;
  let lastSkipLog = -Infinity;
  const busy = { status: false, lease: false };
  // A request that arrives while one is in flight (the podCIDR arriving mid-update) runs right after it, not at the next tick.
  const again = { status: false, lease: false };
  const guarded = (key: keyof typeof busy, what: string, fn: () => Promise<void>) => {
    if (busy[key]) return void (again[key] = true);
    busy[key] = true;
    fn()
      .catch((err) => logError(`Error ${what}: ${(err as Error).message}`))
      .finally(() => {
        busy[key] = false;
        if (!again[key]) return;
        again[key] = false;
        guarded(key, what, fn);
      });
  };
  const updateNodeStatus = () => guarded("status", "updating node status", () => reporter.update({ readyErrors: readyErrors() }, clock.now()));
  const renewLease = () => guarded("lease", "renewing node lease", () => lease.renew(clock.now(), reporter.uid()));

  const tick = () => {
    ticks++;
    const now = clock.now();
    faults.expire(now);
    if (plegStarted) void pleg.relist();
    statuses.retry();
    if (ticks % statusEvery === 0) {
      for (const c of tracked.outstanding(OUTSTANDING_CALL_REPORT_MS)) log(0, describeOutstanding(c, now));
      if (!effects.heartbeatStopped) updateNodeStatus();
    }
    if (ticks % leaseEvery === 0 && !effects.heartbeatStopped) renewLease();
    const health = pleg.healthy();
    if (!health.ok) {
      if (now - lastSkipLog >= 10_000) {
        lastSkipLog = now;
        log(0, `Skipping pod synchronization: [${plegNotHealthyMessage(health.message)}]`);
      }
      return;
    }
    for (const [uid, at] of nextSync) if (at <= now) workers.update(uid);
    if (ticks % HOUSEKEEPING_TICKS === 0) for (const uid of pleg.pods().keys()) if (!pods.has(uid) && !workers.isBusy(uid)) workers.update(uid);
  };

  /** The kubelet's API (src/kubelet/server); the Node reports its port in daemonEndpoints. */
  const startServer = async (signal: AbortSignal) => {
    if (!opts.server) return;
    const fs = opts.hostFilesystem ?? (opts.runtime as { hostFilesystem?: KubeletHost["fs"] }).hostFilesystem;
    const podsNow = () => [...pods.values()].map((p) => ({ ...p, status: statuses.get(p.metadata!.uid!) ?? p.status }));
    const served = await serveNode({ nodeName, clock, runtime, fs, pods: podsNow, callTimeoutMs, metrics: metrics.registry, config: () => ({ clusterDNS, clusterDomain: opts.clusterDomain ?? "cluster.local" }) }, client, [nodeName, nodeIP], opts.server, log);
    identity.kubeletPort = served.port;
    signal.addEventListener("abort", () => void served.close(), { once: true });
  };

  let markReady!: () => void;
  const ready = new Promise<void>((r) => (markReady = r));

  const start = async (outer: AbortSignal) => {
    // Thousands of kubelets share one signal: each listens to it once, its informers to their own
    // (adding a listener checks every listener already there).
    const own = new AbortController();
    if (outer.aborted) own.abort();
    else outer.addEventListener("abort", () => own.abort(), { once: true });
    const signal = own.signal;
    await startServer(signal);
    const node = await registerUntilDone(reporter, clock, logError, signal);
    if (!node) return;
    reporter.recordStarting();
    const informers = createInformerFactory({ client, clock });
    const selector = `spec.nodeName=${nodeName}`;
    const podInformer = informers.forResource<PodObject>(PODS, { fieldSelector: selector });
    const nodeInformer = informers.forResource<Node & KubeObject>(NODES, { fieldSelector: `metadata.name=${nodeName}` });
    const faultInformer = informers.forResource<FaultObject>(FAULTS, { fieldSelector: `spec.target=${nodeName}` });
    services = informers.forResource<Service & KubeObject>(SERVICES);
    const podChanged = (p: PodObject) => {
      pods.set(p.metadata.uid!, p);
      // The sim runtime's usage annotations apply to running containers.
      opts.runtime.updatePodAnnotations?.(p.metadata.uid!, p.metadata.annotations ?? {});
      statuses.observe(p);
      workers.update(p.metadata.uid!);
    };
    podInformer.addEventHandler({
      onAdd: podChanged,
      onUpdate: (_o, p) => podChanged(p),
      onDelete: (p) => {
        pods.delete(p.metadata.uid!);
        workers.update(p.metadata.uid!);
      },
    });
    const nodeChanged = (n: { spec?: { podCIDR?: string } }) => {
      if (opts.podCIDR && opts.podCIDR !== "node") return;
      const had = ips.hasRange();
      ips.setRange(n.spec?.podCIDR);
      if (!had && ips.hasRange()) {
        updateNodeStatus();
        for (const uid of pods.keys()) workers.update(uid);
      }
    };
    nodeCache = () => (nodeInformer.hasSynced() ? nodeInformer.lister.get(undefined, nodeName) : undefined);
    nodeInformer.addEventHandler({ onAdd: nodeChanged, onUpdate: (_o, n) => nodeChanged(n) });
    nodeChanged(node as { spec?: { podCIDR?: string } });
    faultInformer.addEventHandler({ onAdd: (f) => faults.observe(f, clock.now()), onUpdate: (_o, f) => faults.observe(f, clock.now()), onDelete: (f) => faults.forget(f) });
    informers.start(signal);
    await recoverPodIPs(runtime, clock, ips, callTimeoutMs).catch((err) => logError(`Could not list sandboxes at start: ${(err as Error).message}`));
    const ticker = clock.setInterval(tick, period);
    void informers.waitForCacheSync(signal).then((ok) => {
      plegStarted = ok;
      if (ok) void pleg.relist();
    });
    await new Promise<void>((r) => setImmediate(r));
    updateNodeStatus();
    renewLease();
    const synced = await informers.waitForCacheSync(signal);
    if (synced) markReady();
    if (!signal.aborted) await new Promise<void>((r) => signal.addEventListener("abort", () => r(), { once: true }));
    ticker.cancel();
    prep.close();
  };

  return { name: `kubelet-${nodeName}`, ready, start, readyErrors };
}

async function registerUntilDone(reporter: NodeStatusReporter, clock: Clock, logError: (m: string) => void, signal: AbortSignal) {
  while (!signal.aborted) {
    try {
      return await reporter.register();
    } catch (err) {
      logError(`Unable to register node with API server: ${(err as Error).message}`);
      await clock.sleep(7_000, signal).catch(() => undefined);
    }
  }
  return undefined;
}

/** Pod IPs in use by sandboxes that outlived a kubelet restart. */
async function recoverPodIPs(runtime: Runtime, clock: Clock, ips: PodIPAllocator, timeoutMs: number): Promise<void> {
  const sandboxes = await runtime.listPodSandbox({ state: "SANDBOX_READY" }, deadlineIn(clock, timeoutMs));
  for (const s of sandboxes) {
    const st = await runtime.podSandboxStatus(s.id, deadlineIn(clock, timeoutMs));
    if (st.network.ip) ips.reserve(s.labels[POD_UID_LABEL] ?? s.metadata.uid, st.network.ip);
  }
}
