/**
 * Upstream's API review policy for CRDs in the Kubernetes community's own
 * groups (*.k8s.io, *.kubernetes.io): the api-approved.kubernetes.io
 * annotation must name the approving pull request's URL, or start with
 * "unapproved". https://github.com/kubernetes/enhancements/pull/1111
 */
export const API_APPROVED_ANNOTATION = "api-approved.kubernetes.io";

export type ApprovalState = "Approved" | "Bypassed" | "Missing" | "Invalid";

export function isProtectedCommunityGroup(group: string): boolean {
  return group === "k8s.io" || group.endsWith(".k8s.io") || group === "kubernetes.io" || group.endsWith(".kubernetes.io");
}

/** Upstream's GetAPIApprovalState: the state and the message that explains it. */
export function approvalState(annotations: Record<string, string> | undefined): { state: ApprovalState; message: string } {
  const value = annotations?.[API_APPROVED_ANNOTATION] ?? "";
  if (!value) return { state: "Missing", message: `protected groups must have approval annotation "${API_APPROVED_ANNOTATION}", see https://github.com/kubernetes/enhancements/pull/1111` };
  if (value.startsWith("unapproved")) return { state: "Bypassed", message: `not approved: ${JSON.stringify(value)}` };
  if (isRequestURI(value)) return { state: "Approved", message: `approved in ${value}` };
  return { state: "Invalid", message: `protected groups must have approval annotation "${API_APPROVED_ANNOTATION}" with either a URL or a reason starting with "unapproved", see https://github.com/kubernetes/enhancements/pull/1111` };
}

/** As Go's url.ParseRequestURI with a scheme and a host. */
function isRequestURI(v: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(v)) return false;
  try {
    return new URL(v).host !== "";
  } catch {
    return false;
  }
}
