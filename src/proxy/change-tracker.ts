/**
 * Change trackers over Services and EndpointSlices, as upstream's
 * ServiceChangeTracker and EndpointsChangeTracker: informer events only
 * record what changed; checkout() applies the pending changes and names the
 * Services whose ports or endpoints really differ, so a sync recomputes
 * those and nothing else. A change undone before the sync (or an update
 * that changes nothing kube-proxy reads) is no change.
 */
import type { Service } from "kubernetes-types/core/v1.js";
import type { EndpointSlice } from "kubernetes-types/discovery/v1.js";
import { endpointsOfService, sliceServiceKey, type EndpointsByPort } from "./endpoints.js";
import { servicePorts, type IPFamily, type ServicePortInfo } from "./service-ports.js";

export const serviceKeyOf = (svc: Service) => `${svc.metadata?.namespace ?? ""}/${svc.metadata?.name ?? ""}`;

export class ServiceChangeTracker {
  /** Ports of every Service with at least one, as of the last checkout. */
  readonly applied = new Map<string, ServicePortInfo[]>();
  private readonly appliedSig = new Map<string, string>();
  private readonly pending = new Map<string, { ports: ServicePortInfo[]; sig: string }>();
  /** Updates seen (upstream's sync_proxy_rules_service_changes_total). */
  changesTotal = 0;

  constructor(private readonly family: IPFamily) {}

  /** Records the Service's state; current undefined means deleted. Returns whether a change is pending. */
  update(previous: Service | undefined, current: Service | undefined): boolean {
    const svc = current ?? previous;
    if (!svc) return false;
    this.changesTotal++;
    const key = serviceKeyOf(svc);
    const ports = current ? servicePorts(current, this.family) : [];
    const sig = ports.length ? JSON.stringify(ports) : "";
    if (sig === (this.appliedSig.get(key) ?? "")) this.pending.delete(key);
    else this.pending.set(key, { ports, sig });
    return this.pending.size > 0;
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  /** Applies pending changes; returns the keys of the Services that changed. */
  checkout(): Set<string> {
    const changed = new Set<string>();
    for (const [key, { ports, sig }] of this.pending) {
      if (ports.length) {
        this.applied.set(key, ports);
        this.appliedSig.set(key, sig);
      } else {
        this.applied.delete(key);
        this.appliedSig.delete(key);
      }
      changed.add(key);
    }
    this.pending.clear();
    return changed;
  }
}

interface ServiceSlices {
  slices: Map<string, EndpointSlice>;
  sig: string;
}

export class EndpointsChangeTracker {
  /** Endpoints by service port, per Service, as of the last checkout. */
  readonly applied = new Map<string, EndpointsByPort>();
  private readonly byService = new Map<string, ServiceSlices>();
  private readonly pending = new Set<string>();
  changesTotal = 0;

  constructor(private readonly family: IPFamily) {}

  /** Records a slice's state (removed: deleted). Returns whether a change is pending. */
  update(slice: EndpointSlice, removed: boolean): boolean {
    const key = sliceServiceKey(slice);
    if (!key) return this.pending.size > 0;
    this.changesTotal++;
    let entry = this.byService.get(key);
    if (!entry) this.byService.set(key, (entry = { slices: new Map(), sig: "" }));
    const name = slice.metadata!.name!;
    if (removed) entry.slices.delete(name);
    else entry.slices.set(name, slice);
    this.pending.add(key);
    return true;
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  /** Recomputes the endpoints of Services whose slices changed; returns those whose endpoints differ. */
  checkout(): Set<string> {
    const changed = new Set<string>();
    for (const key of this.pending) {
      const entry = this.byService.get(key)!;
      const endpoints = endpointsOfService(key, entry.slices.values(), this.family);
      const sig = endpointsSignature(endpoints);
      if (!entry.slices.size) this.byService.delete(key);
      if (sig === entry.sig) continue;
      entry.sig = sig;
      if (endpoints.size) this.applied.set(key, endpoints);
      else this.applied.delete(key);
      changed.add(key);
    }
    this.pending.clear();
    return changed;
  }
}

/** What kube-proxy reads of a Service's endpoints, as one string to compare (chain names follow from it). */
function endpointsSignature(endpoints: EndpointsByPort): string {
  let sig = "";
  for (const [port, list] of endpoints) {
    sig += port + "{";
    for (const ep of list) {
      sig += `${ep.endpoint}|${ep.nodeName}|${ep.zone}|${ep.ready ? 1 : 0}${ep.serving ? 1 : 0}${ep.terminating ? 1 : 0}|${ep.zoneHints.join(",")}|${ep.nodeHints.join(",")};`;
    }
    sig += "}";
  }
  return sig;
}
