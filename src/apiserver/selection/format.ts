/** metav1.FormatLabelSelector: the string form of a LabelSelector object. */
import type { LabelSelectorObject } from "./labels.js";

export function formatLabelSelector(sel: LabelSelectorObject | undefined | null): string {
  if (!sel) return "<none>";
  const parts: string[] = [];
  for (const k of Object.keys(sel.matchLabels ?? {}).sort()) parts.push(`${k}=${sel.matchLabels![k]}`);
  for (const e of sel.matchExpressions ?? []) {
    const vals = [...(e.values ?? [])].sort().join(",");
    switch (e.operator) {
      case "In":
        parts.push(`${e.key} in (${vals})`);
        break;
      case "NotIn":
        parts.push(`${e.key} notin (${vals})`);
        break;
      case "Exists":
        parts.push(e.key);
        break;
      case "DoesNotExist":
        parts.push(`!${e.key}`);
        break;
    }
  }
  const s = parts.join(",");
  return s === "" ? "<none>" : s;
}
