/**
 * The naming controller (upstream's NamingConditionController): which of a
 * CRD's requested names it may have, given the names other CRDs of its
 * group have been given, and the NamesAccepted condition saying why not.
 * The Established condition starts False (NotAccepted, then Installing)
 * until the establishing controller sets it.
 */
import type { CRDCondition, CRDNames, CustomResourceDefinition } from "../../api/apiextensions/index.js";
import { crdCondition, setCRDCondition } from "../../api/apiextensions/index.js";
import type { CRDControllerContext } from "./context.js";

export interface NamingResult {
  acceptedNames: CRDNames;
  namesAccepted: CRDCondition;
  established: CRDCondition;
}

/** Upstream's equalToAcceptedOrFresh: a name already ours, or one nobody uses. */
function conflict(requested: string | undefined, accepted: string | undefined, used: Set<string>): string | undefined {
  if (requested === accepted) return undefined;
  if (!requested || !used.has(requested)) return undefined;
  return `${JSON.stringify(requested)} is already in use`;
}

export function calculateNames(crd: CustomResourceDefinition, all: readonly CustomResourceDefinition[]): NamingResult {
  const resources = new Set<string>();
  const kinds = new Set<string>();
  for (const other of all) {
    if (other.metadata.name === crd.metadata.name || other.spec?.group !== crd.spec.group) continue;
    const n = other.status?.acceptedNames ?? {};
    for (const r of [n.plural, n.singular, ...(n.shortNames ?? [])]) if (r) resources.add(r);
    for (const k of [n.kind, n.listKind]) if (k) kinds.add(k);
  }
  const requested = crd.spec.names ?? {};
  const accepted = crd.status?.acceptedNames ?? {};
  const next: CRDNames = { ...accepted };
  let namesAccepted: CRDCondition = { type: "NamesAccepted", status: "Unknown" };
  const refuse = (reason: string, message: string) => {
    namesAccepted = { type: "NamesAccepted", status: "False", reason, message };
  };
  const plural = conflict(requested.plural, accepted.plural, resources);
  if (plural) refuse("PluralConflict", plural);
  else next.plural = requested.plural;
  const singular = conflict(requested.singular, accepted.singular, resources);
  if (singular) refuse("SingularConflict", singular);
  else next.singular = requested.singular;
  if (JSON.stringify(requested.shortNames ?? []) !== JSON.stringify(accepted.shortNames ?? [])) {
    const ours = new Set(accepted.shortNames ?? []);
    const errs = (requested.shortNames ?? []).filter((s) => !ours.has(s)).map((s) => conflict(s, "", resources)).filter((e): e is string => !!e);
    if (errs.length) refuse("ShortNamesConflict", errs.length === 1 ? errs[0]! : `[${errs.join(", ")}]`);
    else next.shortNames = requested.shortNames;
  }
  const kind = conflict(requested.kind, accepted.kind, kinds);
  if (kind) refuse("KindConflict", kind);
  else next.kind = requested.kind;
  const listKind = conflict(requested.listKind, accepted.listKind, kinds);
  if (listKind) refuse("ListKindConflict", listKind);
  else next.listKind = requested.listKind;
  next.categories = requested.categories;
  if (!next.shortNames?.length) delete next.shortNames;
  if (!next.categories?.length) delete next.categories;
  if (namesAccepted.status === "Unknown") namesAccepted = { type: "NamesAccepted", status: "True", reason: "NoConflicts", message: "no conflicts found" };

  let established: CRDCondition = crdCondition(crd, "Established") ?? { type: "Established", status: "False", reason: "NotAccepted", message: "not all names are accepted" };
  if (established.status !== "True" && namesAccepted.status === "True") {
    established = { type: "Established", status: "False", reason: "Installing", message: "the initial names have been accepted" };
  }
  return { acceptedNames: next, namesAccepted, established };
}

/** The naming controller's sync: accepted names and the NamesAccepted and Established conditions of one CRD. */
export function namingSync(ctx: CRDControllerContext): (name: string) => Promise<void> {
  return async (name) => {
    const crd = ctx.crds.get(undefined, name);
    if (!crd) return;
    const result = calculateNames(crd, ctx.crds.list());
    const next = structuredClone(crd) as CustomResourceDefinition;
    next.status ??= {};
    next.status.acceptedNames = result.acceptedNames;
    setCRDCondition(next, result.namesAccepted, ctx.now());
    setCRDCondition(next, result.established, ctx.now());
    if (JSON.stringify(next.status) === JSON.stringify(crd.status)) return;
    await ctx.writeStatus(next);
  };
}
