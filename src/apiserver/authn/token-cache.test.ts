import { test } from "node:test";
import assert from "node:assert/strict";
import type { UserInfo } from "../../api/types.js";
import { VirtualClock } from "../../util/clock.js";
import { cachedTokenAuthenticator, TOKEN_SUCCESS_CACHE_TTL_MS } from "./token-cache.js";
import { unionTokenAuthenticators } from "./token-outcome.js";

test("Successful authentications are remembered for the TTL only; refusals never.", async () => {
  const clock = new VirtualClock();
  const valid = new Map<string, UserInfo>([["t", { username: "robot", groups: ["g"] }]]);
  let calls = 0;
  const inner = unionTokenAuthenticators([{ authenticateToken: async (t) => (calls++, valid.get(t)) }], ["api"]);
  const cached = cachedTokenAuthenticator(inner, clock);
  assert.equal((await cached.authenticateToken("t"))?.username, "robot");
  const again = await cached.authenticateToken("t");
  assert.equal(again?.username, "robot");
  assert.equal(calls, 1, "the second answer came from the cache");
  again!.groups.push("system:masters");
  assert.deepEqual((await cached.authenticateToken("t"))?.groups, ["g"], "callers cannot alter the cached user");

  valid.delete("t");
  await clock.advance(TOKEN_SUCCESS_CACHE_TTL_MS - 1);
  assert.equal((await cached.authenticateToken("t"))?.username, "robot", "within the TTL a revoked token still works, as upstream");
  await clock.advance(1);
  assert.equal(await cached.authenticateToken("t"), undefined, "after the TTL it is checked again");
  assert.equal(await cached.authenticateToken("t"), undefined);
  assert.equal(calls, 3, "refusals are not cached");
  assert.equal((await cached.review("t", ["other"])).status, "none", "audiences are part of the key");
});
