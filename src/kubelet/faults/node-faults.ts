/**
 * The Fault objects (chaos.skiff.dev/v1) aimed at this node, turned into
 * what the kubelet does: NodeHeartbeatStop stops node status and lease
 * updates; RuntimeHang hangs every runtime call; RuntimeSlow delays every
 * runtime call by spec.delay (default 2s); UnkillableProcess makes the
 * containers of spec.pod survive SIGKILL (sim runtime); CNIHang holds the
 * network plugin's lock, so the calls that need it hang. A fault ends when its Fault is
 * deleted or its duration has passed since it became Active; the kubelet
 * records Active and Ended through faults/status.
 */
import { isNodeFault, type FaultObject } from "../../api/chaos/faults.js";
import { isApiError } from "../../api/errors.js";
import { rfc3339 } from "../../api/printers.js";
import { FAULTS, type Client } from "../../client/index.js";
import { parseDurationMs } from "../duration.js";
import type { SimFault } from "../runtime/sim/fault-gate.js";

export const DEFAULT_SLOW_DELAY_MS = 2_000;
/** The runtime calls that take the network plugin's lock (sandbox setup, teardown and status): CNIHang holds them. */
export const NETWORK_PLUGIN_CALLS = ["RunPodSandbox", "StopPodSandbox", "PodSandboxStatus"] as const;

/** What the active faults add up to. */
export interface FaultEffects {
  heartbeatStopped: boolean;
  runtime: SimFault | undefined;
}

interface Active {
  fault: FaultObject;
  startedAt: number;
  endsAt: number;
}

/** What a node fault does, for its status.message. */
export function describeNodeFault(f: FaultObject): string {
  const node = f.spec.target;
  switch (f.spec.type) {
    case "NodeHeartbeatStop":
      return `the kubelet of ${node} stopped posting node status and renewing its lease; deleting this Fault resumes them`;
    case "RuntimeHang":
      return `every runtime call on ${node} hangs until its deadline; deleting this Fault releases them`;
    case "RuntimeSlow":
      return `every runtime call on ${node} is delayed by ${f.spec.delay ?? "2s"}; deleting this Fault removes the delay`;
    case "RegistryAuth":
      return f.spec.reason === "Unreachable"
        ? `pulls from ${f.spec.registry ?? "every registry"} on ${node} cannot reach it (dial tcp ...:443: i/o timeout); deleting this Fault lets them through`
        : `${f.spec.registry ?? "every registry"} refuses the credentials of pulls on ${node} (401 Unauthorized); deleting this Fault accepts them again`;
    case "CNIHang":
      return `the network plugin on ${node} holds its lock: ${NETWORK_PLUGIN_CALLS.join(", ")} hang until their deadlines, and the PLEG relist with them; deleting this Fault releases the lock`;
    case "UnkillableProcess":
      return `the containers of pod ${f.spec.pod} on ${node} are in uninterruptible sleep and survive SIGKILL; deleting this Fault lets the pending kill land`;
    default:
      return `${f.spec.type} on ${node}`;
  }
}

export class NodeFaults {
  private readonly active = new Map<string, Active>();
  /** Faults that ended by duration but whose object still exists: never re-activated. */
  private readonly ended = new Set<string>();

  constructor(
    private readonly client: Client,
    private readonly log: (level: number, message: string) => void,
    private readonly onChange: (effects: FaultEffects) => void,
  ) {}

  /** A Fault was added or changed. */
  observe(f: FaultObject, now: number): void {
    const uid = f.metadata.uid ?? f.metadata.name!;
    // Cluster faults may name a node too (RouteLoss): the fault controller enacts them.
    if (!isNodeFault(f.spec?.type)) return;
    if (this.ended.has(uid) || f.status?.phase === "Ended") return;
    const started = f.status?.startTime ? Date.parse(f.status.startTime) : now;
    const duration = parseDurationMs(f.spec?.duration);
    const entry = { fault: f, startedAt: started, endsAt: duration === undefined ? Infinity : started + duration };
    const isNew = !this.active.has(uid);
    this.active.set(uid, entry);
    if (isNew) {
      this.log(0, `Fault ${f.metadata.name} (${f.spec.type}) active on this node`);
      if (f.status?.phase !== "Active") void this.writePhase(f, { phase: "Active", startTime: rfc3339(started), message: describeNodeFault(f) });
    }
    this.expire(now);
    this.onChange(this.effects());
  }

  /** A Fault was deleted: its effect ends at once. */
  forget(f: FaultObject): void {
    const uid = f.metadata.uid ?? f.metadata.name!;
    this.ended.delete(uid);
    if (!this.active.delete(uid)) return;
    this.log(0, `Fault ${f.metadata.name} (${f.spec.type}) removed; healed`);
    this.onChange(this.effects());
  }

  /** Ends faults whose duration has passed (called from the kubelet's ticker). */
  expire(now: number): void {
    let changed = false;
    for (const [uid, a] of this.active) {
      if (a.endsAt > now) continue;
      this.active.delete(uid);
      this.ended.add(uid);
      changed = true;
      this.log(0, `Fault ${a.fault.metadata.name} (${a.fault.spec.type}) ended after ${a.fault.spec.duration}`);
      void this.writePhase(a.fault, { phase: "Ended", startTime: rfc3339(a.startedAt), endTime: rfc3339(now) });
    }
    if (changed) this.onChange(this.effects());
  }

  effects(): FaultEffects {
    const types = [...this.active.values()].map((a) => a.fault);
    const slow = types.filter((f) => f.spec.type === "RuntimeSlow").map((f) => parseDurationMs(f.spec.delay) ?? DEFAULT_SLOW_DELAY_MS);
    let runtime: SimFault | undefined;
    if (types.some((f) => f.spec.type === "RuntimeHang")) runtime = { mode: "hang" };
    else if (types.some((f) => f.spec.type === "CNIHang")) runtime = { mode: "hang", methods: NETWORK_PLUGIN_CALLS };
    else if (slow.length) runtime = { mode: "slow", delayMs: Math.max(...slow) };
    const unkillablePods = [...new Set(types.filter((f) => f.spec.type === "UnkillableProcess" && f.spec.pod).map((f) => f.spec.pod!))].sort();
    if (unkillablePods.length) runtime = { ...(runtime ?? {}), unkillablePods };
    const registries = types.filter((f) => f.spec.type === "RegistryAuth").map((f) => ({ ...(f.spec.registry ? { host: f.spec.registry } : {}), reason: f.spec.reason ?? ("Unauthorized" as const) }));
    if (registries.length) runtime = { ...(runtime ?? {}), registries };
    return { heartbeatStopped: types.some((f) => f.spec.type === "NodeHeartbeatStop"), runtime };
  }

  private async writePhase(f: FaultObject, status: NonNullable<FaultObject["status"]>): Promise<void> {
    try {
      await this.client.patch(FAULTS, undefined, f.metadata.name!, "merge", { status }, { subresource: "status" });
    } catch (err) {
      if (!isApiError(err, "NotFound")) this.log(2, `Failed to update status of fault ${f.metadata.name}: ${(err as Error).message}`);
    }
  }
}
