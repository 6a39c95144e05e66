/**
 * Upstream's AuthorizedForAdmin: a claim (or claim template) whose exact
 * request asks for admin access to devices may only live in a namespace
 * labelled resource.kubernetes.io/admin-access=true.
 */
import type { HookContext } from "../types.js";
import { fieldErrors, type FieldError, type FieldPath } from "../validation/field.js";

export const ADMIN_ACCESS_LABEL = "resource.kubernetes.io/admin-access";

type Json = Record<string, unknown>;

/** `requests` is the claim spec's devices.requests; p its path. */
export async function authorizedForAdmin(requests: unknown, namespace: string | undefined, p: FieldPath, ctx: HookContext): Promise<FieldError[]> {
  const list = Array.isArray(requests) ? (requests as Json[]) : [];
  // Subrequests cannot ask for admin access: only `exactly` is looked at.
  const i = list.findIndex((r) => (r.exactly as Json | undefined)?.adminAccess === true);
  if (i < 0) return [];
  const at = p.index(i).child("exactly", "adminAccess");
  const ns = await ctx.services.getObject("", "namespaces", undefined, namespace ?? "");
  if (!ns) return [fieldErrors.internal(at, new Error(`could not retrieve namespace to verify admin access: namespaces "${namespace ?? ""}" not found`))];
  if (ns.metadata.labels?.[ADMIN_ACCESS_LABEL] !== "true") {
    return [fieldErrors.forbidden(at, `admin access to devices requires the \`${ADMIN_ACCESS_LABEL}: true\` label on the containing namespace`)];
  }
  return [];
}
