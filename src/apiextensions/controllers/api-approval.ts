/**
 * Upstream's KubernetesAPIApprovalPolicyConformant condition, on CRDs of
 * the Kubernetes community's protected groups only.
 */
import type { CRDCondition, CustomResourceDefinition } from "../../api/apiextensions/index.js";
import { approvalState, isProtectedCommunityGroup } from "../../api/apiextensions/api-approval.js";

const REASONS = { Approved: "ApprovedAnnotation", Bypassed: "UnapprovedAnnotation", Missing: "MissingAnnotation", Invalid: "InvalidAnnotation" } as const;

/** The condition crd should carry, or undefined outside the protected groups. */
export function approvalCondition(crd: CustomResourceDefinition): CRDCondition | undefined {
  if (!isProtectedCommunityGroup(crd.spec?.group ?? "")) return undefined;
  const { state, message } = approvalState(crd.metadata.annotations);
  return { type: "KubernetesAPIApprovalPolicyConformant", status: state === "Approved" ? "True" : "False", reason: REASONS[state], message };
}
