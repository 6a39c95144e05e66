import { strict as assert } from "node:assert";
import { describe, it } from "node:test";
import { VirtualClock } from "../util/clock.js";
import { createCachedAccessReviewer } from "./access-review.js";
import type { Client } from "./types.js";

/** A client whose SubjectAccessReviews allow only user "alice", recording each review asked. */
function reviewingClient(asked: unknown[]): Client {
  return {
    create: async (_gvr: unknown, _ns: unknown, body: { spec: { user: string } }) => {
      asked.push(body.spec);
      const allowed = body.spec.user === "alice";
      return { ...body, status: { allowed, reason: allowed ? "RBAC: allowed" : "" } };
    },
  } as unknown as Client;
}

describe("cached SubjectAccessReviews", () => {
  it("asks the API server with the user and attributes, and keeps allowed and denied answers for their own times", async () => {
    const asked: unknown[] = [];
    const clock = new VirtualClock();
    const review = createCachedAccessReviewer(reviewingClient(asked), clock, { allowedMs: 60_000, deniedMs: 10_000 });
    const attrs = { nonResourceAttributes: { verb: "get", path: "/metrics" } };
    assert.deepEqual(await review({ username: "alice", groups: ["g"] }, attrs), { allowed: true, reason: "RBAC: allowed" });
    assert.deepEqual(asked[0], { user: "alice", uid: undefined, groups: ["g"], extra: undefined, nonResourceAttributes: { verb: "get", path: "/metrics" } });
    assert.equal((await review({ username: "bob", groups: [] }, attrs)).allowed, false);
    assert.equal(asked.length, 2);

    await clock.advance(20_000);
    await review({ username: "alice", groups: ["g"] }, attrs);
    await review({ username: "bob", groups: [] }, attrs);
    assert.equal(asked.length, 3, "alice's answer is still cached, bob's denial has expired");

    await review({ username: "alice", groups: ["g"] }, { nonResourceAttributes: { verb: "get", path: "/healthz" } });
    assert.equal(asked.length, 4, "other attributes are another question");
  });
});
