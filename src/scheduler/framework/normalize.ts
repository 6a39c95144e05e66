/** Score normalization helpers shared by plugins (upstream's helper.DefaultNormalizeScore). */

export const MAX_NODE_SCORE = 100;

/**
 * Scales scores to [0, maxPriority] by the highest one; reverse flips them
 * (lower raw score is better). All zero: reverse gives everyone the max.
 */
export function defaultNormalizeScore(maxPriority: number, reverse: boolean, scores: Float64Array): void {
  let max = 0;
  for (let i = 0; i < scores.length; i++) if (scores[i] > max) max = scores[i];
  if (max === 0) {
    if (reverse) scores.fill(maxPriority);
    return;
  }
  for (let i = 0; i < scores.length; i++) {
    let s = Math.trunc((maxPriority * scores[i]) / max);
    if (reverse) s = maxPriority - s;
    scores[i] = s;
  }
}
