/**
 * The establishing controller (upstream's EstablishingController): once a
 * CRD's names are accepted, it becomes Established and is served.
 */
import type { CRDCondition, CustomResourceDefinition } from "../../api/apiextensions/index.js";
import { isCRDConditionTrue, setCRDCondition } from "../../api/apiextensions/index.js";
import type { CRDControllerContext } from "./context.js";

export const ESTABLISHED: CRDCondition = { type: "Established", status: "True", reason: "InitialNamesAccepted", message: "the initial names have been accepted" };

/** Whether the establishing controller has work on crd. */
export function needsEstablishing(crd: CustomResourceDefinition): boolean {
  return isCRDConditionTrue(crd, "NamesAccepted") && !isCRDConditionTrue(crd, "Established");
}

export function establishingSync(ctx: CRDControllerContext): (name: string) => Promise<void> {
  return async (name) => {
    const crd = ctx.crds.get(undefined, name);
    if (!crd || !needsEstablishing(crd)) return;
    const next = structuredClone(crd) as CustomResourceDefinition;
    setCRDCondition(next, ESTABLISHED, ctx.now());
    await ctx.writeStatus(next);
  };
}
