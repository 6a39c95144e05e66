import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadTokenFile, parseCsv, parseTokenFile } from "./static-token-file.js";

test("The token file is read as kube-apiserver reads its CSV.", () => {
  const tokens = parseTokenFile('t1,alice,1001,"dev,ops"\n\nt2,bob,1002\r\n,nobody,0\nt3,"carol ""c""",1003,solo\nt1,alice2,1004\n');
  assert.deepEqual([...tokens.keys()], ["t1", "t2", "t3"]);
  assert.deepEqual(tokens.get("t1"), { username: "alice2", uid: "1004", groups: [] }, "a later duplicate wins");
  assert.deepEqual(tokens.get("t2"), { username: "bob", uid: "1002", groups: [] });
  assert.deepEqual(tokens.get("t3"), { username: 'carol "c"', uid: "1003", groups: ["solo"] });
  assert.throws(() => parseTokenFile("t1,alice\n", "/etc/tokens.csv"), /token file '\/etc\/tokens.csv' must have at least 3 columns \(token, user name, user uid\), found 2/);
  assert.throws(() => parseCsv('t1,"open\n'), /extraneous or missing "/);
});

test("The token authenticator answers with a copy of the file's user, or nothing.", async () => {
  const dir = mkdtempSync(join(tmpdir(), "skiff-tokens-"));
  try {
    const path = join(dir, "tokens.csv");
    writeFileSync(path, 'secret,alice,1001,"dev,ops"\n');
    const a = loadTokenFile(path);
    const user = await a.authenticateToken("secret");
    assert.deepEqual(user, { username: "alice", uid: "1001", groups: ["dev", "ops"] });
    user!.groups.push("system:masters");
    assert.deepEqual((await a.authenticateToken("secret"))?.groups, ["dev", "ops"]);
    assert.equal(await a.authenticateToken("Secret"), undefined);
    assert.throws(() => loadTokenFile(join(dir, "missing.csv")), /no such file or directory/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
