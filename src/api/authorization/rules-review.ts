/** SelfSubjectRulesReview: what the requester may do in a namespace (`kubectl auth can-i --list`). */
import type { KubeObject, ResourceDefinition } from "../types.js";
import { fieldErrors } from "../validation/field.js";

type RulesReview = KubeObject & { spec?: { namespace?: string }; status?: unknown };

export const selfsubjectrulesreviews: ResourceDefinition<RulesReview> = {
  group: "authorization.k8s.io",
  version: "v1",
  kind: "SelfSubjectRulesReview",
  plural: "selfsubjectrulesreviews",
  singular: "selfsubjectrulesreview",
  namespaced: false,
  verbs: ["create"],
  tracksGeneration: false,
  schema: "io.k8s.api.authorization.v1.SelfSubjectRulesReview",
  validate: (o) => (o.spec?.namespace === undefined ? [fieldErrors.required("spec.namespace", "")] : []),
  virtual: {
    async create(o, ctx) {
      const user = ctx.user ?? { username: "system:anonymous", groups: ["system:unauthenticated"] };
      return { ...o, status: await ctx.services.rulesFor(user, o.spec?.namespace ?? "") };
    },
  },
};
