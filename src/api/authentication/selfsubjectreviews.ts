/** SelfSubjectReview: who the server thinks the requester is (`kubectl auth whoami`). Computed, never stored. */
import type { KubeObject, ResourceDefinition } from "../types.js";

type SelfSubjectReview = KubeObject & { status?: unknown };

export const selfsubjectreviews: ResourceDefinition<SelfSubjectReview> = {
  group: "authentication.k8s.io",
  version: "v1",
  kind: "SelfSubjectReview",
  plural: "selfsubjectreviews",
  singular: "selfsubjectreview",
  namespaced: false,
  verbs: ["create"],
  tracksGeneration: false,
  schema: "io.k8s.api.authentication.v1.SelfSubjectReview",
  virtual: {
    async create(o, ctx) {
      const u = ctx.user ?? { username: "system:anonymous", groups: ["system:unauthenticated"] };
      const userInfo: Record<string, unknown> = { username: u.username, groups: u.groups };
      if (u.uid) userInfo.uid = u.uid;
      if (u.extra && Object.keys(u.extra).length) userInfo.extra = u.extra;
      return { ...o, status: { userInfo } };
    },
  },
};
