/**
 * Turns desired endpoint groups and the Service's existing slices into the
 * writes that reconcile them, as upstream's reconciler: keep each endpoint
 * in the slice that already holds it, fill slices with room before opening
 * new ones, at most maxEndpointsPerSlice per slice, delete slices left
 * empty, and keep a single empty placeholder slice for a Service with no
 * endpoints.
 */
import type { Endpoint, EndpointPort, EndpointSlice } from "kubernetes-types/discovery/v1.js";
import { endpointKey, portsKey, type EndpointGroup } from "./desired-endpoints.js";

export const MAX_ENDPOINTS_PER_SLICE = 100;

export interface SliceChanges {
  create: EndpointSlice[];
  update: EndpointSlice[];
  delete: EndpointSlice[];
}

export interface ReconcileInput {
  groups: EndpointGroup[];
  existing: EndpointSlice[];
  /** Metadata every slice of this Service must carry (name or generateName, labels, owner). */
  metadata: (existing?: EndpointSlice) => EndpointSlice["metadata"];
  maxEndpointsPerSlice?: number;
}

export function reconcileSlices(input: ReconcileInput): SliceChanges {
  const max = input.maxEndpointsPerSlice ?? MAX_ENDPOINTS_PER_SLICE;
  const changes: SliceChanges = { create: [], update: [], delete: [] };
  const byKey = new Map<string, EndpointSlice[]>();
  for (const s of input.existing) {
    const k = portsKey(s.ports ?? []);
    byKey.set(k, [...(byKey.get(k) ?? []), s]);
  }
  const total = input.groups.reduce((n, g) => n + g.endpoints.length, 0);

  if (total === 0) {
    const placeholder = input.existing.find((s) => !(s.endpoints ?? []).length && !(s.ports ?? []).length);
    for (const s of input.existing) if (s !== placeholder) changes.delete.push(s);
    if (!placeholder) changes.create.push(build(input.metadata(), [], []));
    else if (metadataChanged(placeholder, input.metadata(placeholder))) changes.update.push(build(input.metadata(placeholder), [], []));
    return changes;
  }

  for (const group of input.groups) {
    const wanted = new Map(group.endpoints.map((e) => [endpointKey(e), e]));
    const slices = (byKey.get(group.key) ?? []).map((s) => ({ orig: s, endpoints: [] as Endpoint[], changed: false }));
    byKey.delete(group.key);
    // Keep endpoints where they are, with their current state.
    for (const s of slices) {
      for (const e of s.orig.endpoints ?? []) {
        const want = wanted.get(endpointKey(e));
        if (!want || s.endpoints.length >= max) {
          s.changed = true;
          continue;
        }
        wanted.delete(endpointKey(e));
        if (canonical(want) !== canonical(e)) s.changed = true;
        s.endpoints.push(want);
      }
    }
    const rest = [...wanted.values()];
    for (const s of slices) {
      while (rest.length && s.endpoints.length < max) {
        s.endpoints.push(rest.shift()!);
        s.changed = true;
      }
    }
    for (const s of slices) {
      if (!s.endpoints.length) changes.delete.push(s.orig);
      else if (s.changed || metadataChanged(s.orig, input.metadata(s.orig))) changes.update.push(build(input.metadata(s.orig), group.ports, s.endpoints));
    }
    for (let i = 0; i < rest.length; i += max) changes.create.push(build(input.metadata(), group.ports, rest.slice(i, i + max)));
  }
  for (const stale of byKey.values()) changes.delete.push(...stale);
  return changes;
}

function build(metadata: EndpointSlice["metadata"], ports: EndpointPort[], endpoints: Endpoint[]): EndpointSlice {
  return { apiVersion: "discovery.k8s.io/v1", kind: "EndpointSlice", metadata, addressType: "IPv4", endpoints, ports };
}

function metadataChanged(s: EndpointSlice, want: EndpointSlice["metadata"]): boolean {
  return canonical(s.metadata?.labels ?? {}) !== canonical(want?.labels ?? {}) || canonical(s.metadata?.ownerReferences ?? []) !== canonical(want?.ownerReferences ?? []);
}

/** JSON with object keys sorted, so equal values compare equal whatever their key order. */
export function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, val: unknown) =>
    val && typeof val === "object" && !Array.isArray(val) ? Object.fromEntries(Object.entries(val as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : val,
  );
}
