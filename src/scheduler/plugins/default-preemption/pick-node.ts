/**
 * Choosing among preemption candidates (upstream's pickOneNodeForPreemption),
 * criteria in order: lowest highest-priority victim, lowest sum of victim
 * priorities, fewest victims, latest start among the highest-priority
 * victims; then the first. (PodDisruptionBudgets are not considered.)
 */
import type { PodInfo } from "../../framework/pod-info.js";
import { startTime } from "./select-victims.js";

export interface Candidate {
  nodeName: string;
  victims: PodInfo[];
}

function highest(c: Candidate): number {
  return c.victims.length ? Math.max(...c.victims.map((v) => v.priority)) : -Infinity;
}

function prioritySum(c: Candidate): number {
  // Offset as upstream (MaxInt32 + 1) so negative priorities still add up to more victims costing more.
  return c.victims.reduce((s, v) => s + v.priority + 2147483648, 0);
}

function earliestStartOfHighest(c: Candidate): number {
  const h = highest(c);
  let t = Number.MAX_SAFE_INTEGER;
  for (const v of c.victims) if (v.priority === h) t = Math.min(t, startTime(v));
  return t;
}

function keepBest(cands: Candidate[], score: (c: Candidate) => number): Candidate[] {
  let best = -Infinity;
  let out: Candidate[] = [];
  for (const c of cands) {
    const s = score(c);
    if (s > best) {
      best = s;
      out = [c];
    } else if (s === best) out.push(c);
  }
  return out;
}

export function pickOneNode(cands: Candidate[]): Candidate | undefined {
  if (cands.length === 0) return undefined;
  let left = cands;
  const criteria: ((c: Candidate) => number)[] = [(c) => -highest(c), (c) => -prioritySum(c), (c) => -c.victims.length, (c) => earliestStartOfHighest(c)];
  for (const score of criteria) {
    if (left.length === 1) break;
    left = keepBest(left, score);
  }
  return left[0];
}
