/**
 * Impersonation (`kubectl --as`, `--as-group`, `--as-uid`): the
 * Impersonate-User, Impersonate-Group, Impersonate-Uid and
 * Impersonate-Extra-<key> headers make a request act as another user,
 * provided the requester may "impersonate" each of them (users, groups,
 * serviceaccounts in their namespace, uids, userextras/<key>). Runs after
 * authentication and before everything else, as upstream's filter; the
 * headers are removed once honoured.
 */
import { forbidden } from "../../api/errors.js";
import type { AuthorizationAttributes, UserInfo } from "../../api/types.js";
import type { ApiRequest, ApiResponse } from "../http/types.js";
import { errorResponse } from "../server.js";
import type { Authorizer } from "../authz/authorizer.js";
import { GROUP_AUTHENTICATED, GROUP_UNAUTHENTICATED, USER_ANONYMOUS } from "./authenticator.js";
import { serviceAccountGroups, splitServiceAccountUsername, SERVICE_ACCOUNT_USERNAME_PREFIX } from "./service-account-jwt.js";

export const IMPERSONATE_USER = "impersonate-user";
export const IMPERSONATE_GROUP = "impersonate-group";
export const IMPERSONATE_UID = "impersonate-uid";
export const IMPERSONATE_EXTRA_PREFIX = "impersonate-extra-";
/** What every Impersonate-* header name starts with (lower-cased). */
const IMPERSONATE_PREFIX = "impersonate-";

/** One thing asked to be impersonated, as upstream's ObjectReference. */
interface Target {
  kind: "ServiceAccount" | "User" | "Group" | "UserExtra" | "UID";
  namespace?: string;
  name: string;
  apiVersion?: string;
  fieldPath?: string;
}

type Handler = (req: ApiRequest) => Promise<ApiResponse>;

/** Wraps a request pipeline with impersonation, authorized by authorizer. */
export function withImpersonation(handle: Handler, authorizer: Pick<Authorizer, "authorize">): Handler {
  return async (req) => {
    const targets = impersonationTargets(req);
    if (typeof targets === "string") return internalErrorText(req, targets);
    if (!targets.length) return handle(req);
    const requestor = req.user;
    if (!requestor) return internalErrorText(req, "no user found for request");
    const groupsSpecified = targets.some((t) => t.kind === "Group");
    let username = "";
    let uid: string | undefined;
    let groups: string[] = [];
    const extra: Record<string, string[]> = {};
    for (const t of targets) {
      const group = t.apiVersion ? t.apiVersion.split("/")[0] : "";
      const version = t.apiVersion ? t.apiVersion.split("/")[1] : "";
      const resource = { group, version, resource: "", namespace: t.namespace, name: t.name } as NonNullable<AuthorizationAttributes["resource"]>;
      switch (t.kind) {
        case "ServiceAccount":
          resource.resource = "serviceaccounts";
          username = `${SERVICE_ACCOUNT_USERNAME_PREFIX}${t.namespace}:${t.name}`;
          if (!groupsSpecified) groups = serviceAccountGroups(t.namespace!);
          break;
        case "User":
          resource.resource = "users";
          username = t.name;
          break;
        case "Group":
          resource.resource = "groups";
          groups.push(t.name);
          break;
        case "UserExtra":
          resource.resource = "userextras";
          resource.subresource = t.fieldPath;
          (extra[t.fieldPath!] ??= []).push(t.name);
          break;
        case "UID":
          resource.resource = "uids";
          uid = t.name;
          break;
      }
      const attrs: AuthorizationAttributes = { user: requestor, verb: "impersonate", resource };
      let decision: { allowed: boolean; reason: string };
      try {
        decision = await authorizer.authorize(attrs);
      } catch (err) {
        decision = { allowed: false, reason: (err as Error).message };
      }
      if (!decision.allowed) return errorResponse(impersonationForbidden(requestor, resource, decision.reason));
    }
    groups = withImplicitGroup(username, groups);
    const user: UserInfo = { username, groups };
    if (uid !== undefined) user.uid = uid;
    if (Object.keys(extra).length) user.extra = extra;
    // The audit record (shared by copies of the request) names who was acted as.
    if (req.audit) req.audit.impersonatedUser = user;
    return handle({ ...req, user, headers: withoutImpersonationHeaders(req.headers), headerValues: req.headerValues && withoutImpersonationHeaders(req.headerValues) });
  };
}

/**
 * An impersonated user other than system:anonymous is in system:authenticated
 * unless the groups asked for say otherwise; system:anonymous is in
 * system:unauthenticated.
 */
function withImplicitGroup(username: string, groups: string[]): string[] {
  if (username !== USER_ANONYMOUS) {
    return groups.some((g) => g === GROUP_AUTHENTICATED || g === GROUP_UNAUTHENTICATED) ? groups : [...groups, GROUP_AUTHENTICATED];
  }
  return groups.includes(GROUP_UNAUTHENTICATED) ? groups : [...groups, GROUP_UNAUTHENTICATED];
}

/** The targets the headers ask for, or the error upstream answers with when they make no sense. */
export function impersonationTargets(req: Pick<ApiRequest, "headers" | "headerValues">): Target[] | string {
  // Nearly every request impersonates no one: one pass over the header names says so.
  if (!asksImpersonation(req)) return [];
  const values = (name: string): string[] => req.headerValues?.[name] ?? (req.headers[name] !== undefined ? [req.headers[name]!] : []);
  const targets: Target[] = [];
  const requestedUser = values(IMPERSONATE_USER)[0] ?? "";
  if (requestedUser) {
    const sa = splitServiceAccountUsername(requestedUser);
    targets.push(sa ? { kind: "ServiceAccount", namespace: sa[0], name: sa[1] } : { kind: "User", name: requestedUser });
  }
  const groups = values(IMPERSONATE_GROUP);
  for (const g of groups) targets.push({ kind: "Group", name: g });
  let hasExtra = false;
  const names = new Set([...Object.keys(req.headers), ...Object.keys(req.headerValues ?? {})]);
  for (const name of names) {
    if (!name.startsWith(IMPERSONATE_EXTRA_PREFIX)) continue;
    hasExtra = true;
    const key = unescapeExtraKey(name.slice(IMPERSONATE_EXTRA_PREFIX.length).toLowerCase());
    for (const v of values(name)) targets.push({ kind: "UserExtra", apiVersion: "authentication.k8s.io/v1", name: v, fieldPath: key });
  }
  const requestedUid = values(IMPERSONATE_UID)[0] ?? "";
  if (requestedUid) targets.push({ kind: "UID", apiVersion: "authentication.k8s.io/v1", name: requestedUid });
  if ((groups.length || hasExtra || requestedUid) && !requestedUser) return `requested ${formatTargets(targets)} without impersonating a user`;
  return targets;
}

function asksImpersonation(req: Pick<ApiRequest, "headers" | "headerValues">): boolean {
  for (const name in req.headerValues) if (name.startsWith(IMPERSONATE_PREFIX)) return true;
  for (const name in req.headers) if (name.startsWith(IMPERSONATE_PREFIX)) return true;
  return false;
}

/** upstream's forbidden message for an impersonation the requester may not make. */
function impersonationForbidden(requestor: UserInfo, r: NonNullable<AuthorizationAttributes["resource"]>, reason: string) {
  const resource = r.subresource ? `${r.resource}/${r.subresource}` : r.resource;
  const scope = r.namespace ? `in the namespace "${r.namespace}"` : "at the cluster scope";
  let message = `User "${requestor.username}" cannot impersonate resource "${resource}" in API group "${r.group}" ${scope}`;
  if (reason) message += `: ${reason}`;
  return forbidden({ group: r.group, resource: r.resource }, r.name ?? "", message);
}

/** Header keys are percent-encoded where a key has characters headers cannot carry. */
function unescapeExtraKey(key: string): string {
  try {
    return decodeURIComponent(key);
  } catch {
    return key;
  }
}

/** Go's %v of []ObjectReference: fields Kind Namespace Name UID APIVersion ResourceVersion FieldPath. */
function formatTargets(targets: Target[]): string {
  return `[${targets.map((t) => `{${[t.kind, t.namespace ?? "", t.name, "", t.apiVersion ?? "", "", t.fieldPath ?? ""].join(" ")}}`).join(" ")}]`;
}

/** upstream's responsewriters.InternalError: plain text, not a Status. */
function internalErrorText(req: ApiRequest, message: string): ApiResponse {
  const qs = req.query.toString();
  const uri = qs ? `${req.path}?${qs}` : req.path;
  const text = `Internal Server Error: ${JSON.stringify(uri)}: ${message}`.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  return { status: 500, headers: { "content-type": "text/plain; charset=utf-8", "x-content-type-options": "nosniff" }, body: `${text}\n` };
}

function withoutImpersonationHeaders<T>(headers: Record<string, T>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (k === IMPERSONATE_USER || k === IMPERSONATE_GROUP || k === IMPERSONATE_UID || k.startsWith(IMPERSONATE_EXTRA_PREFIX)) continue;
    out[k] = v;
  }
  return out;
}
