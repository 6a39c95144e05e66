/**
 * The `serviceaccounts/token` subresource (TokenRequest, upstream's
 * TokenREST): issues a signed JWT for a service account, optionally bound
 * to a pod or a secret. A pod-bound token asked for with 3607 seconds (what
 * the ServiceAccount admission plugin puts in kube-api-access volumes) is
 * extended to a year with a warnafter claim, as upstream does by default
 * (--service-account-extend-token-expiration); status.expirationTimestamp
 * still reports the time asked for, which is when the kubelet refreshes it.
 */
import { randomUUID } from "node:crypto";
import type { ServiceAccountObject } from "./serviceaccounts.js";
import type { PodObject } from "./pod-types.js";
import { ApiError, badRequest, conflict, notFound } from "../errors.js";
import { rfc3339 } from "../printers.js";
import type { HookContext, SubresourceSpec } from "../types.js";
import { fieldErrors, invalid, path, type FieldError } from "../validation/field.js";

/** The issuer and default audience (--service-account-issuer, --api-audiences) of a kubeadm cluster. */
export const SERVICE_ACCOUNT_ISSUER = "https://kubernetes.default.svc.cluster.local";
/** The expiration that asks for an extended token (upstream's WarnOnlyBoundTokenExpirationSeconds). */
export const WARN_ONLY_EXPIRATION_SECONDS = 3607;
const EXTENDED_EXPIRATION_SECONDS = 365 * 24 * 60 * 60;
const DEFAULT_EXPIRATION_SECONDS = 3600;
const TOKEN_REQUEST_KIND = { group: "authentication.k8s.io", kind: "TokenRequest" };

export interface TokenRequestBody {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string };
  spec?: {
    audiences?: string[];
    expirationSeconds?: number;
    boundObjectRef?: { kind?: string; apiVersion?: string; name?: string; uid?: string };
  };
}

/** Signs the claims of a service-account token; the API server holds the key (sa.key). */
export interface ServiceAccountTokenSigner {
  issuer: string;
  sign(claims: Record<string, unknown>): string | Promise<string>;
}

function validateTokenRequest(spec: NonNullable<TokenRequestBody["spec"]>): FieldError[] {
  const errs: FieldError[] = [];
  const p = path("spec", "expirationSeconds");
  const exp = spec.expirationSeconds!;
  if (!Number.isInteger(exp)) errs.push(fieldErrors.invalid(p, exp, "must be an integer"));
  else if (exp < 600) errs.push(fieldErrors.invalid(p, exp, "may not specify a duration less than 10 minutes"));
  else if (exp > 2 ** 32) errs.push(fieldErrors.invalid(p, exp, "may not specify a duration larger than 2^32 seconds"));
  return errs;
}

interface BoundObjects {
  pod?: PodObject;
  secret?: { metadata: { name?: string; uid?: string } };
  node?: { metadata: { name?: string; uid?: string } };
}

async function resolveBoundObject(ref: NonNullable<NonNullable<TokenRequestBody["spec"]>["boundObjectRef"]>, saName: string, namespace: string, ctx: HookContext): Promise<BoundObjects> {
  const group = (ref.apiVersion ?? "").includes("/") ? ref.apiVersion!.split("/")[0] : "";
  const version = (ref.apiVersion ?? "").split("/").pop() ?? "";
  const out: BoundObjects = {};
  let uid: string | undefined;
  if (group === "" && ref.kind === "Pod") {
    const pod = (await ctx.services.getObject("", "pods", namespace, ref.name ?? "")) as PodObject | undefined;
    if (!pod) throw notFound({ group: "", resource: "pods" }, ref.name ?? "");
    if (pod.spec?.serviceAccountName !== saName) throw badRequest(`cannot bind token for serviceaccount "${saName}" to pod running with different serviceaccount name.`);
    out.pod = pod;
    uid = pod.metadata.uid;
    if (pod.spec?.nodeName) out.node = (await ctx.services.getObject("", "nodes", undefined, pod.spec.nodeName)) as BoundObjects["node"];
  } else if (group === "" && ref.kind === "Secret") {
    const secret = await ctx.services.getObject("", "secrets", namespace, ref.name ?? "");
    if (!secret) throw notFound({ group: "", resource: "secrets" }, ref.name ?? "");
    out.secret = secret;
    uid = secret.metadata.uid;
  } else {
    throw badRequest(`cannot bind token to object of type ${group ? `${group}/${version}` : `/${version}`}, Kind=${ref.kind ?? ""}`);
  }
  if (ref.uid && ref.uid !== uid) {
    throw conflict({ group: "", resource: ref.kind! }, ref.name ?? "", `the UID in the bound object reference (${ref.uid}) does not match the UID in record. The object might have been deleted and then recreated`);
  }
  return out;
}

/** The claims upstream's serviceaccount.Claims produces, plus iss and jti. */
export function serviceAccountClaims(opts: { issuer: string; sa: ServiceAccountObject; audiences: string[]; nowSeconds: number; expirationSeconds: number; warnAfterSeconds?: number; bound: BoundObjects }): Record<string, unknown> {
  const { sa, nowSeconds: now, bound } = opts;
  const ref = (o: { metadata: { name?: string; uid?: string } }) => ({ name: o.metadata.name, uid: o.metadata.uid });
  const k8s: Record<string, unknown> = { namespace: sa.metadata.namespace, serviceaccount: ref(sa) };
  if (bound.pod) k8s.pod = ref(bound.pod);
  else if (bound.secret) k8s.secret = ref(bound.secret);
  if (bound.node) k8s.node = ref(bound.node);
  if (opts.warnAfterSeconds) k8s.warnafter = now + opts.warnAfterSeconds;
  return {
    aud: opts.audiences,
    exp: now + opts.expirationSeconds,
    iat: now,
    iss: opts.issuer,
    jti: randomUUID(),
    "kubernetes.io": k8s,
    nbf: now,
    sub: `system:serviceaccount:${sa.metadata.namespace}:${sa.metadata.name}`,
  };
}

export const tokenSubresource: SubresourceSpec = {
  kind: "TokenRequest",
  group: "authentication.k8s.io",
  version: "v1",
  verbs: ["create"],
  async handler(req, registry) {
    const signer = req.ctx.services.serviceAccountTokens;
    if (!signer) throw new ApiError(404, "NotFound", "the server could not find the requested resource");
    const namespace = req.namespace ?? "";
    const body = (req.body ?? {}) as TokenRequestBody;
    if (typeof body !== "object") throw badRequest("the body of the request was in an unknown format");
    if (body.metadata?.name && body.metadata.name !== req.name) {
      throw invalid(TOKEN_REQUEST_KIND, req.name, [fieldErrors.invalid(path("metadata", "name"), body.metadata.name, "must match the service account name if specified")]);
    }
    if (body.metadata?.namespace && body.metadata.namespace !== namespace) {
      throw invalid(TOKEN_REQUEST_KIND, req.name, [fieldErrors.invalid(path("metadata", "namespace"), body.metadata.namespace, "must match the service account namespace if specified")]);
    }
    const sa = (await registry.get(namespace, req.name)) as ServiceAccountObject;
    const spec = { ...(body.spec ?? {}) };
    if (!spec.audiences?.length) spec.audiences = [signer.issuer];
    spec.expirationSeconds ??= DEFAULT_EXPIRATION_SECONDS;
    const errs = validateTokenRequest(spec);
    if (errs.length) throw invalid(TOKEN_REQUEST_KIND, "", errs);
    const bound = spec.boundObjectRef ? await resolveBoundObject(spec.boundObjectRef, req.name, namespace, req.ctx) : {};
    const nowSeconds = Math.floor(req.ctx.now / 1000);
    const extend = bound.pod && spec.expirationSeconds === WARN_ONLY_EXPIRATION_SECONDS && spec.audiences.includes(signer.issuer);
    const claims = serviceAccountClaims({
      issuer: signer.issuer,
      sa,
      audiences: spec.audiences,
      nowSeconds,
      expirationSeconds: extend ? EXTENDED_EXPIRATION_SECONDS : spec.expirationSeconds,
      warnAfterSeconds: extend ? spec.expirationSeconds : undefined,
      bound,
    });
    return {
      kind: "TokenRequest",
      apiVersion: "authentication.k8s.io/v1",
      metadata: { name: sa.metadata.name, namespace: sa.metadata.namespace, creationTimestamp: rfc3339(req.ctx.now) },
      spec: { ...spec, boundObjectRef: spec.boundObjectRef },
      status: { token: await signer.sign(claims), expirationTimestamp: rfc3339(req.ctx.now + spec.expirationSeconds * 1000) },
    };
  },
};
