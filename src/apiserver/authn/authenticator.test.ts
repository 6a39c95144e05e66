import { test } from "node:test";
import assert from "node:assert/strict";
import type { UserInfo } from "../../api/types.js";
import { anonymousUser, unionAuthenticators, withAuthenticatedGroup, type Authenticator } from "./authenticator.js";

const fixed = (user: UserInfo | undefined): Authenticator => ({ authenticate: () => user });
const req = { headers: {} };

test("The union answers with the first authenticator that finds a user.", () => {
  const cases: { name: string; chain: Authenticator[]; want: string | undefined }[] = [
    { name: "nobody recognises the request", chain: [fixed(undefined), fixed(undefined)], want: undefined },
    { name: "only the second recognises it", chain: [fixed(undefined), fixed({ username: "bob", groups: [] })], want: "bob" },
    { name: "both recognise it", chain: [fixed({ username: "alice", groups: [] }), fixed({ username: "bob", groups: [] })], want: "alice" },
    { name: "the union is empty", chain: [], want: undefined },
  ];
  for (const c of cases) assert.equal(unionAuthenticators(c.chain).authenticate(req)?.username, c.want, c.name);
});

test("Users found by the union are in system:authenticated exactly once.", () => {
  const cases: { name: string; user: UserInfo; groups: string[] }[] = [
    { name: "a user without groups", user: { username: "u", groups: [] }, groups: ["system:authenticated"] },
    { name: "a user with groups", user: { username: "u", groups: ["dev"] }, groups: ["dev", "system:authenticated"] },
    { name: "a user already authenticated", user: { username: "u", groups: ["system:authenticated", "dev"] }, groups: ["system:authenticated", "dev"] },
    { name: "a user marked unauthenticated", user: { username: "u", groups: ["system:unauthenticated"] }, groups: ["system:unauthenticated"] },
    { name: "the anonymous user", user: { username: "system:anonymous", groups: [] }, groups: [] },
  ];
  for (const c of cases) {
    assert.deepEqual(unionAuthenticators([fixed(c.user)]).authenticate(req)?.groups, c.groups, c.name);
    assert.deepEqual(withAuthenticatedGroup(c.user).groups, c.groups, c.name);
  }
});

test("Adding the authenticated group leaves the authenticator's user untouched.", () => {
  const user: UserInfo = { username: "u", groups: ["dev"] };
  withAuthenticatedGroup(user);
  assert.deepEqual(user.groups, ["dev"]);
});

test("The anonymous user is system:anonymous in system:unauthenticated, and cannot be altered.", () => {
  assert.deepEqual(anonymousUser, { username: "system:anonymous", groups: ["system:unauthenticated"] });
  assert.throws(() => anonymousUser.groups.push("system:masters"));
  assert.throws(() => ((anonymousUser as { username: string }).username = "root"));
});
