/**
 * Bounded polling for end-to-end suites: every wait has a deadline, and a
 * timeout names what was awaited together with the last output observed.
 * Also the object reads the waits are built on (pods, nodes, conditions).
 */
import type { TestCluster } from "./cluster.js";

export interface UntilOptions {
  /** Give up after this long (default 20 s). */
  timeoutMs?: number;
  /** Pause between attempts (default 200 ms). */
  intervalMs?: number;
}

/**
 * Calls check until it returns a value other than undefined or false, and
 * returns that value. check reports what it saw through seen(); an error it
 * throws counts as an observation and the polling goes on. On timeout the
 * error reads "timed out after N ms waiting until <what>; last output: ...".
 */
export async function until<T>(what: string, check: (seen: (output: string) => void) => Promise<T | undefined | false>, opts: UntilOptions = {}): Promise<T> {
  const timeoutMs = opts.timeoutMs ?? 20_000;
  const intervalMs = opts.intervalMs ?? 200;
  const deadline = Date.now() + timeoutMs;
  let last = "(nothing observed)";
  const seen = (output: string) => (last = output);
  for (;;) {
    try {
      const v = await check(seen);
      if (v !== undefined && v !== false) return v;
    } catch (err) {
      last = `error: ${(err as Error).message}`;
    }
    if (Date.now() >= deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}; last output:\n${last}`);
    await new Promise((r) => setTimeout(r, Math.min(intervalMs, Math.max(0, deadline - Date.now()))));
  }
}

/**
 * Runs kubectl until accept(stdout) holds; returns that stdout. A failing
 * kubectl (non-zero exit) is observed, not accepted.
 */
export async function untilKubectl(c: TestCluster, args: string[], what: string, accept: (stdout: string) => boolean, opts: UntilOptions = {}): Promise<string> {
  return until(
    what,
    async (seen) => {
      const r = await c.kubectl(args);
      seen(`$ kubectl ${args.join(" ")}\n(exit ${r.code})\n${r.stdout}${r.stderr}`);
      return r.code === 0 && accept(r.stdout) ? r.stdout : undefined;
    },
    opts,
  );
}

export interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}
export interface Obj {
  metadata: { name: string; namespace?: string; creationTimestamp?: string; deletionTimestamp?: string; labels?: Record<string, string>; annotations?: Record<string, string>; ownerReferences?: unknown[] };
  spec?: { nodeName?: string; podCIDR?: string; taints?: { key: string; effect: string }[]; replicas?: number; template?: { spec?: { containers?: { image?: string }[] } } };
  status?: { podIP?: string; phase?: string; conditions?: Condition[] };
}

/** kubectl get -o json, parsed. */
export async function getJson<T = Obj>(c: TestCluster, args: string[]): Promise<T> {
  return JSON.parse(await c.k([...args, "-o", "json"])) as T;
}
export const items = async (c: TestCluster, args: string[]) => (await getJson<{ items: Obj[] }>(c, args)).items;
export const live = (objs: Obj[]) => objs.filter((o) => !o.metadata.deletionTimestamp);
export const condition = (o: Obj, type: string) => o.status?.conditions?.find((x) => x.type === type);
export const isReady = (p: Obj) => p.status?.phase === "Running" && condition(p, "Ready")?.status === "True";
/** A compact view of objects for failure messages. */
export const summary = (objs: Obj[]) => JSON.stringify(objs.map((o) => ({ name: o.metadata.name, node: o.spec?.nodeName, ip: o.status?.podIP, phase: o.status?.phase, deleting: !!o.metadata.deletionTimestamp, conditions: o.status?.conditions, taints: o.spec?.taints })), null, 1);

/** Pods of a label selector, once exactly `count` live pods are all Running and Ready. */
export const readyPods = (c: TestCluster, selector: string, count: number, timeoutMs = 20_000) =>
  until(
    `${count} pods with ${selector} are Running and Ready`,
    async (seen) => {
      const pods = live(await items(c, ["get", "pods", "-l", selector]));
      seen(summary(pods));
      return pods.length === count && pods.every(isReady) ? pods : undefined;
    },
    { timeoutMs },
  );

/** The node, once its Ready condition has this status. */
export const nodeReady = (c: TestCluster, node: string, status: string, timeoutMs: number) =>
  until(
    `node ${node} has Ready=${status}`,
    async (seen) => {
      const n = await getJson(c, ["get", "node", node]);
      seen(summary([n]));
      return condition(n, "Ready")?.status === status ? n : undefined;
    },
    { timeoutMs },
  );

/** The node, once want(node) holds; what completes "node <name> ..." in the timeout message. */
export const nodeWhere = (c: TestCluster, node: string, want: (n: Obj) => boolean, what: string, timeoutMs = 10_000) =>
  until(
    `node ${node} ${what}`,
    async (seen) => {
      const n = await getJson(c, ["get", "node", node]);
      seen(summary([n]));
      return want(n) ? n : undefined;
    },
    { timeoutMs },
  );
