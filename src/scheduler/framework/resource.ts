/**
 * Resource amounts as plain numbers (cpu in millicores, everything else in
 * units), parsed from quantities once and memoized: the filter loop only
 * adds and compares numbers.
 */
import { tryParseQuantity } from "../../api/validation/core-quantity.js";

export interface Resource {
  milliCPU: number;
  memory: number;
  ephemeralStorage: number;
  /** Extended and hugepage resources by name. */
  scalar: Map<string, number>;
}

export function emptyResource(): Resource {
  return { milliCPU: 0, memory: 0, ephemeralStorage: 0, scalar: new Map() };
}

export function cloneResource(r: Resource): Resource {
  return { milliCPU: r.milliCPU, memory: r.memory, ephemeralStorage: r.ephemeralStorage, scalar: new Map(r.scalar) };
}

/** Upstream's defaults for containers without requests, used by scoring only (100m cpu, 200Mi memory). */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

const milliCache = new Map<string, number>();
const valueCache = new Map<string, number>();
const CACHE_LIMIT = 10_000;

function memo(cache: Map<string, number>, raw: unknown, conv: (q: NonNullable<ReturnType<typeof tryParseQuantity>>) => number): number {
  if (raw === undefined || raw === null) return 0;
  const key = String(raw);
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const q = tryParseQuantity(raw);
  const v = q ? conv(q) : 0;
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, v);
  return v;
}

/** A quantity in milli-units, rounded up (upstream's MilliValue). */
export function milliValue(raw: unknown): number {
  return memo(milliCache, raw, (q) => Number(q.milliValue()));
}

/** A quantity in whole units, rounded up (upstream's Value). */
export function unitValue(raw: unknown): number {
  return memo(valueCache, raw, (q) => Number(q.value()));
}

/** Adds a resource list (container requests, node allocatable) into r. */
export function addResourceList(r: Resource, list: Readonly<Record<string, unknown>> | undefined): void {
  if (!list) return;
  for (const name in list) {
    const raw = list[name];
    switch (name) {
      case "cpu":
        r.milliCPU += milliValue(raw);
        break;
      case "memory":
        r.memory += unitValue(raw);
        break;
      case "ephemeral-storage":
        r.ephemeralStorage += unitValue(raw);
        break;
      case "pods":
        break;
      default:
        r.scalar.set(name, (r.scalar.get(name) ?? 0) + unitValue(raw));
    }
  }
}

export function addResource(into: Resource, r: Resource, sign = 1): void {
  into.milliCPU += sign * r.milliCPU;
  into.memory += sign * r.memory;
  into.ephemeralStorage += sign * r.ephemeralStorage;
  // Most pods request no extended resource: skip the iterator on every node update.
  if (r.scalar.size === 0) return;
  for (const [k, v] of r.scalar) into.scalar.set(k, (into.scalar.get(k) ?? 0) + sign * v);
}

function maxInto(into: Resource, r: Resource): void {
  into.milliCPU = Math.max(into.milliCPU, r.milliCPU);
  into.memory = Math.max(into.memory, r.memory);
  into.ephemeralStorage = Math.max(into.ephemeralStorage, r.ephemeralStorage);
  if (r.scalar.size === 0) return;
  for (const [k, v] of r.scalar) into.scalar.set(k, Math.max(into.scalar.get(k) ?? 0, v));
}

interface ContainerLike {
  resources?: { requests?: Record<string, unknown> };
  restartPolicy?: string;
}

interface SpecLike {
  containers?: ContainerLike[];
  initContainers?: ContainerLike[];
  overhead?: Record<string, unknown>;
}

function containerRequests(c: ContainerLike, nonZero: boolean): Resource {
  const r = emptyResource();
  addResourceList(r, c.resources?.requests);
  if (nonZero) {
    const req = c.resources?.requests;
    if (!req || req.cpu === undefined) r.milliCPU = DEFAULT_MILLI_CPU_REQUEST;
    if (!req || req.memory === undefined) r.memory = DEFAULT_MEMORY_REQUEST;
  }
  return r;
}

/**
 * A pod's effective requests as upstream's resourcehelper.PodRequests: the
 * sum of its containers plus restartable (sidecar) init containers, or the
 * largest init container step if bigger, plus the pod overhead. With
 * nonZero, containers without a cpu/memory request count the defaults.
 */
export function podRequests(spec: SpecLike | undefined, nonZero = false): Resource {
  const sum = emptyResource();
  for (const c of spec?.containers ?? []) addResource(sum, containerRequests(c, nonZero));
  const sidecars = emptyResource();
  const initMax = emptyResource();
  for (const c of spec?.initContainers ?? []) {
    const r = containerRequests(c, nonZero);
    if (c.restartPolicy === "Always") {
      addResource(sidecars, r);
      maxInto(initMax, sidecars);
    } else {
      const step = cloneResource(sidecars);
      addResource(step, r);
      maxInto(initMax, step);
    }
  }
  addResource(sum, sidecars);
  maxInto(sum, initMax);
  addResourceList(sum, spec?.overhead);
  return sum;
}
