/**
 * Taint/toleration matching as upstream's v1helper.TolerationsTolerateTaint
 * and the taint manager's getMinTolerationTime.
 */
import type { Taint, Toleration } from "kubernetes-types/core/v1.js";

export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  switch (t.operator ?? "Equal") {
    case "Exists":
      return true;
    case "Equal":
      // An empty key with Equal matches nothing (validation forbids it).
      return !!t.key && (t.value ?? "") === (taint.value ?? "");
    default:
      return false;
  }
}

/** The tolerations used to tolerate every taint, or undefined when some taint is not tolerated. */
export function matchingTolerations(taints: readonly Taint[], tolerations: readonly Toleration[]): Toleration[] | undefined {
  const used: Toleration[] = [];
  for (const taint of taints) {
    const t = tolerations.find((x) => toleratesTaint(x, taint));
    if (!t) return undefined;
    used.push(t);
  }
  return used;
}

/** How long the pod may stay, in ms: 0 for at once, -1 for forever. */
export function minTolerationMs(tolerations: readonly Toleration[]): number {
  if (tolerations.length === 0) return 0;
  let min = Infinity;
  for (const t of tolerations) {
    if (t.tolerationSeconds === undefined || t.tolerationSeconds === null) continue;
    if (t.tolerationSeconds <= 0) return 0;
    min = Math.min(min, t.tolerationSeconds);
  }
  return min === Infinity ? -1 : min * 1000;
}
