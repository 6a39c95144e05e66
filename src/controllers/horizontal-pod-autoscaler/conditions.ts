/** HPA status conditions, replaced by type; lastTransitionTime kept while the status holds. */
export interface HPACondition {
  type: string;
  status: "True" | "False" | "Unknown";
  reason: string;
  message: string;
  lastTransitionTime?: string;
}

export function setCondition(conditions: HPACondition[], c: Omit<HPACondition, "lastTransitionTime">, now: string): HPACondition[] {
  const prev = conditions.find((x) => x.type === c.type);
  const next: HPACondition = { ...c, lastTransitionTime: prev && prev.status === c.status ? prev.lastTransitionTime : now };
  return prev ? conditions.map((x) => (x === prev ? next : x)) : [...conditions, next];
}
