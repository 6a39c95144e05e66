/**
 * Validation shared by webhooks and admission policies: rules with
 * operations, webhook client configs and fully qualified names, worded as
 * upstream's admissionregistration validation.
 */
import type { RuleWithOperations, WebhookClientConfig } from "kubernetes-types/admissionregistration/v1.js";
import { FieldPath, fieldErrors, type FieldError } from "../validation/field.js";
import { isDNS1123Subdomain } from "../validation/names.js";
import { portNumErrors } from "../validation/ports.js";

export const OPERATIONS = ["*", "CONNECT", "CREATE", "DELETE", "UPDATE"];
const SCOPES = ["*", "Cluster", "Namespaced"];

/** A rule with its inlined Rule fields (kubernetes-types 1.30 leaves resources and scope out). */
export type AdmissionRule = RuleWithOperations & { resources?: string[]; scope?: string; resourceNames?: string[] };

const hasWildcard = (xs: readonly string[]) => xs.includes("*");

/** Upstream's IsFullyQualifiedName: a DNS subdomain of at least three segments. */
export function fullyQualifiedNameErrors(p: FieldPath, name: string | undefined): FieldError[] {
  if (!name) return [fieldErrors.required(p)];
  const n = name.endsWith(".") ? name.slice(0, -1) : name;
  const errs = isDNS1123Subdomain(n);
  if (errs.length) return [fieldErrors.invalid(p, n, errs.join(","))];
  if (n.split(".").length < 3) return [fieldErrors.invalid(p, n, "should be a domain with at least three segments separated by dots")];
  return [];
}

/** Resources of a rule, where "x/y" names a subresource and "*" may stand for either part. */
function resourcesErrors(resources: readonly string[], p: FieldPath, allowSubresources: boolean): FieldError[] {
  const errs: FieldError[] = [];
  if (!resources.length) errs.push(fieldErrors.required(p));
  if (!allowSubresources) {
    resources.forEach((r, i) => {
      if (!r) errs.push(fieldErrors.required(p.index(i)));
      if (r.includes("/")) errs.push(fieldErrors.invalid(p.index(i), r, "must not specify subresources"));
    });
    if (resources.length > 1 && hasWildcard(resources)) errs.push(fieldErrors.invalid(p, resources, "if '*' is present, must not specify other resources"));
    return errs;
  }
  const wildSub = new Set<string>();
  const wildRes = new Set<string>();
  let doubleWild = false;
  let singleWild = false;
  let plain = false;
  resources.forEach((r, i) => {
    if (!r) {
      errs.push(fieldErrors.required(p.index(i)));
      return;
    }
    if (r === "*/*") doubleWild = true;
    if (r === "*") singleWild = true;
    const slash = r.indexOf("/");
    if (slash < 0) {
      plain = r !== "*";
      return;
    }
    const res = r.slice(0, slash);
    const sub = r.slice(slash + 1);
    if (wildSub.has(res)) errs.push(fieldErrors.invalid(p.index(i), r, `if '${res}/*' is present, must not specify ${r}`));
    if (wildRes.has(sub)) errs.push(fieldErrors.invalid(p.index(i), r, `if '*/${sub}' is present, must not specify ${r}`));
    if (sub === "*") wildSub.add(res);
    if (res === "*") wildRes.add(sub);
  });
  if (resources.length > 1 && doubleWild) errs.push(fieldErrors.invalid(p, resources, "if '*/*' is present, must not specify other resources"));
  if (singleWild && plain) errs.push(fieldErrors.invalid(p, resources, "if '*' is present, must not specify other resources without subresources"));
  return errs;
}

/** Upstream's validateRuleWithOperations. */
export function ruleWithOperationsErrors(rule: AdmissionRule, p: FieldPath, allowSubresources = true): FieldError[] {
  const errs: FieldError[] = [];
  const ops = rule.operations ?? [];
  if (!ops.length) errs.push(fieldErrors.required(p.child("operations")));
  if (ops.length > 1 && hasWildcard(ops)) errs.push(fieldErrors.invalid(p.child("operations"), ops, "if '*' is present, must not specify other operations"));
  ops.forEach((o, i) => {
    if (!OPERATIONS.includes(o)) errs.push(fieldErrors.notSupported(p.child("operations").index(i), o, OPERATIONS));
  });
  const groups = rule.apiGroups ?? [];
  if (!groups.length) errs.push(fieldErrors.required(p.child("apiGroups")));
  if (groups.length > 1 && hasWildcard(groups)) errs.push(fieldErrors.invalid(p.child("apiGroups"), groups, "if '*' is present, must not specify other API groups"));
  const versions = rule.apiVersions ?? [];
  if (!versions.length) errs.push(fieldErrors.required(p.child("apiVersions")));
  if (versions.length > 1 && hasWildcard(versions)) errs.push(fieldErrors.invalid(p.child("apiVersions"), versions, "if '*' is present, must not specify other API versions"));
  versions.forEach((v, i) => {
    if (!v) errs.push(fieldErrors.required(p.child("apiVersions").index(i)));
  });
  errs.push(...resourcesErrors(rule.resources ?? [], p.child("resources"), allowSubresources));
  if (rule.scope !== undefined && !SCOPES.includes(rule.scope)) errs.push(fieldErrors.notSupported(p.child("scope"), rule.scope, SCOPES));
  return errs;
}

/** Upstream's ValidateWebhookURL (https forced). */
function webhookURLErrors(p: FieldPath, raw: string): FieldError[] {
  const form = "; desired format: https://host[/path]";
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(raw)?.[1] ?? "";
    if (!scheme) return [fieldErrors.invalid(p, "", `'https' is the only allowed URL scheme${form}`), fieldErrors.invalid(p, "", `host must be specified${form}`)];
    return [fieldErrors.required(p, `url must be a valid URL: parse ${JSON.stringify(raw)}: invalid URL${form}`)];
  }
  const errs: FieldError[] = [];
  const scheme = u.protocol.replace(/:$/, "");
  if (scheme !== "https") errs.push(fieldErrors.invalid(p, scheme, `'https' is the only allowed URL scheme${form}`));
  if (!u.host) errs.push(fieldErrors.invalid(p, u.host, `host must be specified${form}`));
  if (u.username || u.password) errs.push(fieldErrors.invalid(p, u.password ? `${u.username}:${u.password}` : u.username, "user information is not permitted in the URL"));
  if (u.hash.length > 1) errs.push(fieldErrors.invalid(p, u.hash.slice(1), "fragments are not permitted in the URL"));
  if (u.search.length > 1) errs.push(fieldErrors.invalid(p, u.search.slice(1), "query parameters are not permitted in the URL"));
  return errs;
}

/** Upstream's ValidateWebhookService. */
function webhookServiceErrors(p: FieldPath, svc: NonNullable<WebhookClientConfig["service"]>): FieldError[] {
  const errs: FieldError[] = [];
  if (!svc.name) errs.push(fieldErrors.required(p.child("name")));
  if (!svc.namespace) errs.push(fieldErrors.required(p.child("namespace")));
  const port = svc.port ?? 443;
  const portErrs = portNumErrors(port);
  if (portErrs.length) errs.push(fieldErrors.invalid(p.child("port"), port, `port is not valid: ${portErrs.join(", ")}`));
  const path = svc.path;
  if (path === undefined || path === "" || path === "/") return errs;
  if (path === "//") return [...errs, fieldErrors.invalid(p.child("path"), path, "segment[0] may not be empty")];
  if (!path.startsWith("/")) errs.push(fieldErrors.invalid(p.child("path"), path, "must start with a '/'"));
  let rest = path.slice(1);
  if (rest.endsWith("/")) rest = rest.slice(0, -1);
  rest.split("/").forEach((step, i) => {
    if (!step) errs.push(fieldErrors.invalid(p.child("path"), path, `segment[${i}] may not be empty`));
    else for (const m of isDNS1123Subdomain(step)) errs.push(fieldErrors.invalid(p.child("path"), path, `segment[${i}]: ${m}`));
  });
  return errs;
}

/** Exactly one of url and service, each valid. */
export function clientConfigErrors(cc: WebhookClientConfig | undefined, p: FieldPath): FieldError[] {
  const c = cc ?? {};
  if ((c.url === undefined) === (c.service === undefined || c.service === null)) return [fieldErrors.required(p, "exactly one of url or service is required")];
  if (c.url !== undefined) return webhookURLErrors(p.child("url"), c.url);
  return webhookServiceErrors(p.child("service"), c.service!);
}
