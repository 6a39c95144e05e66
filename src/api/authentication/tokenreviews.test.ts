import { test } from "node:test";
import assert from "node:assert/strict";
import type { HookContext, KubeObject, RegistryServices, TokenReviewOutcome } from "../types.js";
import { tokenreviews } from "./tokenreviews.js";

const review = (spec: Record<string, unknown>) => ({ apiVersion: "authentication.k8s.io/v1", kind: "TokenReview", metadata: {}, spec }) as KubeObject & { spec: Record<string, unknown> };

function ctx(outcome: (token: string, audiences?: string[]) => TokenReviewOutcome, asked: unknown[] = []): HookContext {
  const services = { reviewToken: async (t: string, a?: string[]) => (asked.push([t, a]), outcome(t, a)) } as unknown as RegistryServices;
  return { now: 0, dryRun: false, services };
}

test("TokenReview reports the user and audiences of a good token, as upstream shapes them.", async () => {
  const asked: unknown[] = [];
  const c = ctx(() => ({ status: "authenticated", user: { username: "system:serviceaccount:a:b", uid: "u1", groups: ["system:serviceaccounts"], extra: { k: ["v"] } }, audiences: ["api"] }), asked);
  const out = (await tokenreviews.virtual!.create!(review({ token: "t", audiences: ["api"] }), c)) as { status: unknown };
  assert.deepEqual(out.status, { authenticated: true, user: { username: "system:serviceaccount:a:b", uid: "u1", groups: ["system:serviceaccounts", "system:authenticated"], extra: { k: ["v"] } }, audiences: ["api"] });
  await tokenreviews.virtual!.create!(review({ token: "t", audiences: [] }), c);
  assert.deepEqual(asked, [["t", ["api"]], ["t", undefined]], "no audiences asks for the server's own");
});

test("TokenReview reports why a token is refused, and refuses a review without a token.", async () => {
  const refused = await tokenreviews.virtual!.create!(review({ token: "t" }), ctx(() => ({ status: "rejected", reason: "service account token has expired" })));
  assert.deepEqual((refused as { status: unknown }).status, { user: {}, error: "service account token has expired" });
  const unknown = await tokenreviews.virtual!.create!(review({ token: "t" }), ctx(() => ({ status: "none" })));
  assert.deepEqual((unknown as { status: unknown }).status, { user: {}, error: "invalid bearer token" });
  for (const spec of [{}, { token: "" }, { token: 42 }]) {
    await assert.rejects(tokenreviews.virtual!.create!(review(spec), ctx(() => ({ status: "none" }))), { code: 400, reason: "BadRequest", message: "token is required for TokenReview in authentication" });
  }
});
