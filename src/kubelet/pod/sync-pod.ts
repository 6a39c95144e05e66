/**
 * One pod sync (upstream's SyncPod and SyncTerminatingPod): compute the
 * actions, carry them out against the runtime, repeat until nothing is left
 * to do, then hand the resulting status to the status manager. Terminating
 * pods have their containers stopped with the grace period, their sandbox
 * stopped and removed, and (when deleted) the pod object removed with grace 0.
 */
import type { Container as ContainerSpec, PodStatus } from "kubernetes-types/core/v1.js";
import type { Pod, PodObject } from "../../api/core/pod-types.js";
import type { EventRecorder } from "../../client/events.js";
import type { Clock } from "../../util/clock.js";
import { parseQuantity } from "../../api/validation/core-quantity.js";
import { formatDurationMs } from "../duration.js";
import { deadlineIn, type ContainerStatus, type Runtime } from "../runtime/runtime.js";
import { CONTAINER_KIND_LABEL } from "../runtime/sim/sim-runtime.js";
import type { ProbeVerdict } from "../prober/container-probes.js";
import { Prober } from "../prober/prober.js";
import { backoffKey, computePodActions, formatPod, isSidecar, type KillAction, type PodActions, type StartAction } from "./actions.js";
import type { RestartBackoff } from "./backoff.js";
import { CONTAINER_NAME_LABEL, POD_NAME_LABEL, POD_NAMESPACE_LABEL, POD_UID_LABEL, RESTART_COUNT_ANNOTATION } from "./labels.js";
import type { PodIPAllocator } from "./pod-ips.js";
import { computePodStatus } from "./pod-status.js";
import { ContainerConfigError } from "./env.js";
import { ephemeralContainerSpecs, targetProblem } from "./ephemeral-containers.js";
import type { PodPreparation } from "./pod-preparation.js";
import type { VolumeSetUp } from "../volumes/volume-manager.js";
import { readPodRuntimeStatus, type PodRuntimeStatus } from "./runtime-status.js";
import { PullFailures, type PullWaiting } from "./image-pull.js";

export interface PodSyncContext {
  runtime: Runtime;
  clock: Clock;
  /** Deadline of each runtime call (upstream's --runtime-request-timeout, 2 m). */
  callTimeoutMs: number;
  ips: PodIPAllocator;
  backoff: RestartBackoff;
  hostIP: string;
  recorder?: EventRecorder;
  log(level: number, message: string): void;
  /** Records the status to be written through pods/status. */
  setStatus(pod: Pod, status: PodStatus): void;
  /** Deletes the pod object with grace 0 once it is terminated. */
  deletePod(pod: Pod): Promise<void>;
  /** Volumes, environment, /etc/hosts, DNS and log paths. */
  prepare: PodPreparation;
  /** The probe workers' state across syncs; one is made for the context when absent. */
  prober?: Prober;
}

export interface SyncResult {
  /** When to sync again without an event (back-off end, probe change); undefined for never. */
  nextSyncAt?: number;
  /** The pod is finished on this node and its worker can go. */
  done?: boolean;
}

const MAX_ROUNDS = 16;
const NETWORK_RETRY_MS = 1_000;
/** How soon a pod whose volumes or container config failed is tried again (a change to what it refers to syncs it sooner). */
const PREPARE_RETRY_MS = 10_000;

export async function syncPod(ctx: PodSyncContext, pod: Pod): Promise<SyncResult> {
  if (pod.metadata?.deletionTimestamp) return terminatePod(ctx, pod, { deleting: true });
  if (pod.status?.phase === "Succeeded" || pod.status?.phase === "Failed") return terminatePod(ctx, pod, { deleting: false });
  const uid = pod.metadata!.uid!;
  const now = () => ctx.clock.now();
  const probes = probeCache(ctx, pod);
  let actions: PodActions | undefined;
  let status: PodRuntimeStatus | undefined;
  const volumes = await ctx.prepare.setUpVolumes(pod);
  if (volumes.errors.length) {
    for (const e of volumes.errors) ctx.recorder?.event(pod as PodObject, "Warning", "FailedMount", e);
    status = await readPodRuntimeStatus(ctx.runtime, ctx.clock, uid, ctx.callTimeoutMs);
    ctx.setStatus(pod, computePodStatus({ pod, status, actions: { backOff: new Map(), initialized: false, terminal: false }, probes: probes.verdict, hostIP: ctx.hostIP, now: now() }));
    return { nextSyncAt: now() + PREPARE_RETRY_MS };
  }
  for (const e of volumes.refreshErrors) ctx.log(2, e);
  const configErrors = new Map<string, string>();
  const pullErrors = new Map<string, PullWaiting>();
  for (let round = 0; round < MAX_ROUNDS; round++) {
    status = await readPodRuntimeStatus(ctx.runtime, ctx.clock, uid, ctx.callTimeoutMs);
    await probes.refresh(status);
    actions = computePodActions({ pod, status, now: now(), backoff: ctx.backoff, probes: probes.verdict });
    if (actions.createSandbox) {
      const ip = pod.spec?.hostNetwork ? undefined : ctx.ips.allocate(uid);
      if (!pod.spec?.hostNetwork && !ip) {
        ctx.setStatus(pod, computePodStatus({ pod, status, actions, probes: probes.verdict, hostIP: ctx.hostIP, now: now() }));
        return { nextSyncAt: now() + NETWORK_RETRY_MS };
      }
      if (status.sandboxes.length) ctx.recorder?.event(pod as PodObject, "Normal", "SandboxChanged", "Pod sandbox changed, it will be killed and re-created.");
      await createSandbox(ctx, pod, status, ip);
      continue;
    }
    if (actions.terminal) {
      await killContainers(ctx, pod, actions.kill, gracePeriod(pod));
      break;
    }
    if (!actions.start.length && !actions.kill.length) break;
    await killContainers(ctx, pod, actions.kill, gracePeriod(pod));
    for (const a of actions.start) {
      const failed = await startContainer(ctx, pod, status, a, volumes);
      if (typeof failed === "string") configErrors.set(a.spec.name, failed);
      else if (failed) pullErrors.set(a.spec.name, failed);
    }
    if (configErrors.size || pullErrors.size) break;
  }
  for (const [name, message] of actions!.backOff) {
    ctx.log(3, `Back-off restarting failed container err="${message}"`);
    ctx.recorder?.event(pod as PodObject, "Warning", "BackOff", `Back-off restarting failed container ${name} in pod ${formatPod(pod)}`);
  }
  if (configErrors.size || pullErrors.size) status = await readPodRuntimeStatus(ctx.runtime, ctx.clock, uid, ctx.callTimeoutMs);
  ctx.setStatus(pod, computePodStatus({ pod, status: status!, actions: actions!, probes: probes.verdict, hostIP: ctx.hostIP, now: now(), configErrors, pullErrors }));
  const retry = configErrors.size ? now() + PREPARE_RETRY_MS : undefined;
  const pullRetry = pullErrors.size ? Math.min(...[...pullErrors.values()].map((p) => p.retryAt)) : undefined;
  return { nextSyncAt: minDefined(actions!.nextSyncAt, retry, pullRetry, volumes.refreshAt) };
}

function minDefined(...ts: (number | undefined)[]): number | undefined {
  const defined = ts.filter((t): t is number => t !== undefined);
  return defined.length ? Math.min(...defined) : undefined;
}

/** Stops everything of the pod; when deleting, removes it and deletes the pod object. */
export async function terminatePod(ctx: PodSyncContext, pod: Pod, opts: { deleting: boolean }): Promise<SyncResult> {
  const uid = pod.metadata!.uid!;
  const grace = opts.deleting ? (pod.metadata?.deletionGracePeriodSeconds ?? gracePeriod(pod)) : gracePeriod(pod);
  let status = await readPodRuntimeStatus(ctx.runtime, ctx.clock, uid, ctx.callTimeoutMs);
  const running = (specs: ContainerSpec[]) =>
    specs.flatMap((s) => status.containers.filter((c) => c.metadata.name === s.name && c.state === "CONTAINER_RUNNING").map((c): KillAction => ({ containerId: c.id, name: s.name, reason: "completed" })));
  // Regular and ephemeral containers first, then sidecars, as upstream orders termination.
  await killContainers(ctx, pod, running([...(pod.spec?.containers ?? []), ...ephemeralContainerSpecs(pod)]), grace);
  await killContainers(ctx, pod, running((pod.spec?.initContainers ?? []).filter(isSidecar)), grace);
  for (const s of status.sandboxes) await ctx.runtime.stopPodSandbox(s.id, deadlineIn(ctx.clock, ctx.callTimeoutMs));
  status = await readPodRuntimeStatus(ctx.runtime, ctx.clock, uid, ctx.callTimeoutMs);
  const actions = { backOff: new Map<string, string>(), initialized: true, terminal: true };
  const probes = probeCache(ctx, pod);
  ctx.setStatus(pod, computePodStatus({ pod, status, actions, probes: probes.verdict, hostIP: ctx.hostIP, now: ctx.clock.now() }));
  if (!opts.deleting) return {};
  await ctx.deletePod(pod);
  await removePod(ctx, uid, status);
  return { done: true };
}

/** Removes the pod's sandboxes (and so its containers), its IP and its back-off entries. */
export async function removePod(ctx: PodSyncContext, uid: string, status?: PodRuntimeStatus): Promise<void> {
  const s = status ?? (await readPodRuntimeStatus(ctx.runtime, ctx.clock, uid, ctx.callTimeoutMs));
  for (const sb of s.sandboxes) {
    await ctx.runtime.stopPodSandbox(sb.id, deadlineIn(ctx.clock, ctx.callTimeoutMs));
    await ctx.runtime.removePodSandbox(sb.id, deadlineIn(ctx.clock, ctx.callTimeoutMs));
  }
  ctx.ips.release(uid);
  ctx.backoff.forgetPrefix(`${uid}/`);
  proberOf(ctx).forget(uid);
  ctx.prepare.tearDown(uid);
}

function gracePeriod(pod: Pod): number {
  return pod.spec?.terminationGracePeriodSeconds ?? 30;
}

const pullFailures = new WeakMap<PodSyncContext, PullFailures>();

function pullFailuresOf(ctx: PodSyncContext): PullFailures {
  let p = pullFailures.get(ctx);
  if (!p) pullFailures.set(ctx, (p = new PullFailures(ctx.backoff, ctx.clock)));
  return p;
}

const probers = new WeakMap<PodSyncContext, Prober>();

function proberOf(ctx: PodSyncContext): Prober {
  if (ctx.prober) return ctx.prober;
  let p = probers.get(ctx);
  if (!p) probers.set(ctx, (p = new Prober({ runtime: ctx.runtime, clock: ctx.clock, callTimeoutMs: ctx.callTimeoutMs })));
  return p;
}

/** The pod's probes: refresh() runs the due ones (each failed run is an Unhealthy event), verdict() reads the results. */
function probeCache(ctx: PodSyncContext, pod: Pod) {
  const prober = proberOf(ctx);
  return {
    refresh: (status: PodRuntimeStatus) => prober.refresh(pod, status, (kind, text) => ctx.recorder?.event(pod as PodObject, "Warning", "Unhealthy", `${kind} probe ${text}`)),
    verdict: (spec: ContainerSpec, c: ContainerStatus): ProbeVerdict => prober.verdict(pod, spec, c),
  };
}

async function createSandbox(ctx: PodSyncContext, pod: Pod, status: PodRuntimeStatus, ip: string | undefined): Promise<void> {
  const m = pod.metadata!;
  const opts = () => deadlineIn(ctx.clock, ctx.callTimeoutMs);
  for (const old of status.sandboxes) await ctx.runtime.stopPodSandbox(old.id, opts());
  const attempt = status.sandboxes.length ? status.sandboxes[0].metadata.attempt + 1 : 0;
  await ctx.runtime.runPodSandbox(
    {
      metadata: { name: m.name!, namespace: m.namespace!, uid: m.uid!, attempt },
      labels: { [POD_NAME_LABEL]: m.name!, [POD_NAMESPACE_LABEL]: m.namespace!, [POD_UID_LABEL]: m.uid! },
      annotations: { ...m.annotations },
      ip,
      hostNetwork: pod.spec?.hostNetwork ?? false,
      ...ctx.prepare.sandboxConfig(pod),
    },
    opts(),
  );
}

async function killContainers(ctx: PodSyncContext, pod: Pod, kills: KillAction[], grace: number): Promise<void> {
  await Promise.all(
    kills.map(async (k) => {
      const spec = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].find((c) => c.name === k.name);
      const probe = k.reason === "liveness" ? spec?.livenessProbe : k.reason === "startup" ? spec?.startupProbe : undefined;
      // The failed runs were reported as Unhealthy events by the prober.
      const message = probe ? `Container ${k.name} failed ${k.reason} probe, will be restarted` : `Stopping container ${k.name}`;
      ctx.recorder?.event(pod as PodObject, "Normal", "Killing", message);
      const seconds = probe?.terminationGracePeriodSeconds ?? grace;
      await ctx.runtime.stopContainer(k.containerId, seconds, deadlineIn(ctx.clock, ctx.callTimeoutMs + seconds * 1000));
    }),
  );
}

/** Starts the container; the CreateContainerConfigError message when it cannot be configured, the pull waiting when its image cannot be pulled. */
async function startContainer(ctx: PodSyncContext, pod: Pod, status: PodRuntimeStatus, a: StartAction, volumes: VolumeSetUp): Promise<string | PullWaiting | undefined> {
  const m = pod.metadata!;
  const now = ctx.clock.now();
  const opts = () => deadlineIn(ctx.clock, ctx.callTimeoutMs);
  const obj = pod as PodObject;
  if (a.previous) ctx.backoff.next(backoffKey(pod, a.spec.name), a.previous.finishedAt, now);
  let id = a.existingId;
  if (!id) {
    const image = a.spec.image ?? "";
    const present = await ctx.runtime.imageStatus(image, opts());
    const policy = a.spec.imagePullPolicy ?? (image.endsWith(":latest") || !/:[^/]+$/.test(image) ? "Always" : "IfNotPresent");
    if (!present || policy === "Always") {
      const pulls = pullFailuresOf(ctx);
      const backingOff = pulls.backingOff(obj, image, ctx.recorder);
      if (backingOff) return backingOff;
      ctx.recorder?.event(obj, "Normal", "Pulling", `Pulling image "${image}"`);
      const started = ctx.clock.now();
      const failed = await pulls.pull(obj, image, ctx.recorder, () => ctx.runtime.pullImage(image, opts()), PREPARE_RETRY_MS);
      if (failed) return failed;
      const took = formatDurationMs(ctx.clock.now() - started);
      const size = (await ctx.runtime.imageStatus(image, opts()))?.size ?? 0;
      ctx.recorder?.event(obj, "Normal", "Pulled", `Successfully pulled image "${image}" in ${took} (${took} including waiting). Image size: ${size} bytes.`);
    } else {
      ctx.recorder?.event(obj, "Normal", "Pulled", `Container image "${image}" already present on machine`);
    }
    let prepared;
    try {
      const unreachable = targetProblem(a, status);
      if (unreachable) throw new ContainerConfigError(unreachable);
      prepared = await ctx.prepare.container(pod, a.spec, a.attempt, status.sandboxes[0].network.ip, volumes);
    } catch (err) {
      if (!(err instanceof ContainerConfigError)) throw err;
      ctx.recorder?.event(obj, "Warning", "Failed", `Error: ${err.message}`);
      return err.message;
    }
    const labels: Record<string, string> = { [POD_NAME_LABEL]: m.name!, [POD_NAMESPACE_LABEL]: m.namespace!, [POD_UID_LABEL]: m.uid!, [CONTAINER_NAME_LABEL]: a.spec.name };
    if (a.kind === "init") labels[CONTAINER_KIND_LABEL] = "init";
    id = await ctx.runtime.createContainer(
      status.sandboxes[0].id,
      {
        metadata: { name: a.spec.name, attempt: a.attempt },
        image,
        ...prepared,
        labels,
        annotations: { ...m.annotations, [RESTART_COUNT_ANNOTATION]: String(a.attempt) },
        resources: requests(a.spec),
      },
      opts(),
    );
    ctx.recorder?.event(obj, "Normal", "Created", `Created container: ${a.spec.name}`);
  }
  await ctx.runtime.startContainer(id, opts());
  ctx.recorder?.event(obj, "Normal", "Started", `Started container ${a.spec.name}`);
  return undefined;
}

function requests(spec: ContainerSpec): { cpuMilli?: number; memoryBytes?: number } {
  const r = { ...(spec.resources?.limits ?? {}), ...(spec.resources?.requests ?? {}) } as Record<string, string | number>;
  const out: { cpuMilli?: number; memoryBytes?: number } = {};
  try {
    if (r.cpu !== undefined) out.cpuMilli = Number(parseQuantity(r.cpu).milliValue());
    if (r.memory !== undefined) out.memoryBytes = Number(parseQuantity(r.memory).value());
  } catch {
    // Validation has accepted the pod; an unparsable value just means default usage.
  }
  return out;
}
