/**
 * authorization.k8s.io/v1 access reviews: computed, never stored. The
 * answer comes from the server's authorizer (what `kubectl auth can-i` asks).
 */
import type { KubeObject, ResourceDefinition, UserInfo, HookContext } from "../types.js";
import { fieldErrors, type FieldError } from "../validation/field.js";

interface ReviewSpec {
  resourceAttributes?: { namespace?: string; verb?: string; group?: string; version?: string; resource?: string; subresource?: string; name?: string };
  nonResourceAttributes?: { path?: string; verb?: string };
  user?: string;
  groups?: string[];
  uid?: string;
  extra?: Record<string, string[]>;
}

type Review = KubeObject & { spec?: ReviewSpec; status?: unknown };

function validateSpec(spec: ReviewSpec | undefined, needsUser: boolean): FieldError[] {
  const errs: FieldError[] = [];
  const ra = spec?.resourceAttributes;
  const nra = spec?.nonResourceAttributes;
  if (!ra && !nra) errs.push(fieldErrors.invalid("spec.resourceAttributes", null, "exactly one of nonResourceAttributes or resourceAttributes must be specified"));
  if (ra && nra) errs.push(fieldErrors.invalid("spec.resourceAttributes", ra, "cannot be specified in combination with resourceAttributes"));
  if (needsUser && !spec?.user && !(spec?.groups?.length)) errs.push(fieldErrors.invalid("spec.user", "", "at least one of user or group must be specified"));
  return errs;
}

async function review(obj: Review, user: UserInfo, ctx: HookContext): Promise<Review> {
  const spec = obj.spec ?? {};
  const ra = spec.resourceAttributes;
  const nra = spec.nonResourceAttributes;
  const decision = await ctx.services.authorize(
    ra
      ? { user, verb: ra.verb ?? "", resource: { group: ra.group ?? "", version: ra.version, resource: ra.resource ?? "", subresource: ra.subresource, namespace: ra.namespace, name: ra.name } }
      : { user, verb: nra?.verb ?? "", path: nra?.path ?? "" },
  );
  const status: Record<string, unknown> = { allowed: decision.allowed };
  if (decision.denied) status.denied = true;
  if (decision.reason) status.reason = decision.reason;
  if (decision.evaluationError) status.evaluationError = decision.evaluationError;
  return { ...obj, status };
}

const anonymous: UserInfo = { username: "system:anonymous", groups: ["system:unauthenticated"] };

const base = { group: "authorization.k8s.io", version: "v1", verbs: ["create"], tracksGeneration: false };

export const selfsubjectaccessreviews: ResourceDefinition<Review> = {
  ...base,
  kind: "SelfSubjectAccessReview",
  plural: "selfsubjectaccessreviews",
  singular: "selfsubjectaccessreview",
  namespaced: false,
  schema: "io.k8s.api.authorization.v1.SelfSubjectAccessReview",
  validate: (o) => validateSpec(o.spec, false),
  virtual: {
    // The subject is the requester, whatever the body says.
    create: (o, ctx) => review(o, ctx.user ?? anonymous, ctx),
  },
};

export const subjectaccessreviews: ResourceDefinition<Review> = {
  ...base,
  kind: "SubjectAccessReview",
  plural: "subjectaccessreviews",
  singular: "subjectaccessreview",
  namespaced: false,
  schema: "io.k8s.api.authorization.v1.SubjectAccessReview",
  validate: (o) => validateSpec(o.spec, true),
  virtual: {
    create: (o, ctx) => review(o, { username: o.spec?.user ?? "", uid: o.spec?.uid, groups: o.spec?.groups ?? [], extra: o.spec?.extra }, ctx),
  },
};

export const localsubjectaccessreviews: ResourceDefinition<Review> = {
  ...base,
  kind: "LocalSubjectAccessReview",
  plural: "localsubjectaccessreviews",
  singular: "localsubjectaccessreview",
  namespaced: true,
  schema: "io.k8s.api.authorization.v1.LocalSubjectAccessReview",
  validate: (o) => {
    const errs = validateSpec(o.spec, true);
    const ns = o.spec?.resourceAttributes?.namespace;
    if (o.spec?.resourceAttributes && ns !== o.metadata.namespace) {
      errs.push(fieldErrors.invalid("spec.resourceAttributes.namespace", ns ?? "", "must match metadata.namespace"));
    }
    if (o.spec?.nonResourceAttributes) errs.push(fieldErrors.invalid("spec.nonResourceAttributes", o.spec.nonResourceAttributes, "disallowed on this kind of request"));
    return errs;
  },
  virtual: {
    create: (o, ctx) => review(o, { username: o.spec?.user ?? "", uid: o.spec?.uid, groups: o.spec?.groups ?? [], extra: o.spec?.extra }, ctx),
  },
};
