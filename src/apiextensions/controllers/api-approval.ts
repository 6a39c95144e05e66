/**
 * Upstream's KubernetesAPIApprovalPolicyConformant condition, on CRDs of
 * the Kubernetes community's protected groups only.
 */
import type { CRDCondition, CustomResourceDefinition } from "../../api/apiextensions/index.js";
import { approvalState, isProtectedCommunityGroup } from "../../api/apiextensions/api-approval.js";
import { setCRDCondition } from "../../api/apiextensions/index.js";
import type { CRDControllerContext } from "./context.js";

const REASONS = { Approved: "ApprovedAnnotation", Bypassed: "UnapprovedAnnotation", Missing: "MissingAnnotation", Invalid: "InvalidAnnotation" } as const;

/** The condition crd should carry, or undefined outside the protected groups. */
export function approvalCondition(crd: CustomResourceDefinition): CRDCondition | undefined {
  if (!isProtectedCommunityGroup(crd.spec?.group ?? "")) return undefined;
  const { state, message } = approvalState(crd.metadata.annotations);
  return { type: "KubernetesAPIApprovalPolicyConformant", status: state === "Approved" ? "True" : "False", reason: REASONS[state], message };
}

export function approvalSync(ctx: CRDControllerContext): (name: string) => Promise<void> {
  return async (name) => {
    const crd = ctx.crds.get(undefined, name);
    const cond = crd && approvalCondition(crd);
    if (!crd || !cond) return;
    const old = crd.status?.conditions?.find((c) => c.type === cond.type);
    if (old && old.status === cond.status && old.reason === cond.reason && old.message === cond.message) return;
    const next = structuredClone(crd) as CustomResourceDefinition;
    setCRDCondition(next, cond, ctx.now());
    await ctx.writeStatus(next);
  };
}
