/**
 * Progress of a long start-up (`skiff up --nodes 1000`): every few seconds
 * until the cluster is ready, how many nodes have registered and how many
 * are Ready. Quick start-ups print nothing.
 */
import type { Node } from "kubernetes-types/core/v1.js";
import type { Clock } from "../util/clock.js";

export const PROGRESS_INTERVAL_MS = 5_000;

export interface StartupProgress {
  stop(): void;
}

/** Node counts as a line: "skiff: 412/1000 nodes registered, 380 Ready (10s)". */
export function progressLine(nodes: readonly Node[], expected: number, elapsedMs: number): string {
  const ready = nodes.filter((n) => n.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True")).length;
  return `skiff: ${nodes.length}/${expected} nodes registered, ${ready} Ready (${Math.round(elapsedMs / 1000)}s)\n`;
}

export function reportStartupProgress(opts: { clock: Clock; expected: number; listNodes: () => Promise<Node[]>; write: (line: string) => void; intervalMs?: number }): StartupProgress {
  const started = opts.clock.now();
  let busy = false;
  let stopped = false;
  const timer = opts.clock.setInterval(() => {
    if (busy || stopped) return;
    busy = true;
    opts
      .listNodes()
      .then((nodes) => {
        if (!stopped) opts.write(progressLine(nodes, opts.expected, opts.clock.now() - started));
      })
      .catch(() => undefined) // the next tick tries again
      .finally(() => (busy = false));
  }, opts.intervalMs ?? PROGRESS_INTERVAL_MS);
  return {
    stop() {
      stopped = true;
      timer.cancel();
    },
  };
}
