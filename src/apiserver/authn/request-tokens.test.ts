import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ApiRequest } from "../http/types.js";
import { withTokenUser } from "./request-tokens.js";
import type { TokenAuthenticator } from "./token.js";

const known: TokenAuthenticator = { authenticateToken: async (t) => (t === "abcdef.0123456789abcdef" ? { username: "system:bootstrap:abcdef", groups: ["system:bootstrappers"] } : undefined) };
const req = (path: string, headers: Record<string, string> = {}, method = "GET"): ApiRequest => ({ method, path, query: new URLSearchParams(), headers, signal: new AbortController().signal });

describe("bearer tokens on requests", () => {
  it("gives a request the user its token names, in system:authenticated", async () => {
    const r = await withTokenUser(req("/api/v1/nodes", { authorization: "Bearer abcdef.0123456789abcdef" }), [known]);
    assert.deepEqual(r.user, { username: "system:bootstrap:abcdef", groups: ["system:bootstrappers", "system:authenticated"] });
  });

  it("leaves a request with an unknown token or no credentials without a user (401)", async () => {
    assert.equal((await withTokenUser(req("/api/v1/nodes", { authorization: "Bearer nope" }), [known])).user, undefined);
    assert.equal((await withTokenUser(req("/api/v1/nodes"), [known])).user, undefined);
  });

  it("keeps a client certificate's user", async () => {
    const r = req("/api/v1/nodes", { authorization: "Bearer abcdef.0123456789abcdef" });
    r.user = { username: "admin", groups: ["system:masters"] };
    assert.equal((await withTokenUser(r, [known])).user?.username, "admin");
  });

  it("lets anonymous requests read the cluster-info ConfigMap only", async () => {
    assert.equal((await withTokenUser(req("/api/v1/namespaces/kube-public/configmaps/cluster-info"), [known])).user?.username, "system:anonymous");
    assert.equal((await withTokenUser(req("/api/v1/namespaces/kube-public/configmaps/cluster-info", {}, "PUT"), [known])).user, undefined);
    assert.equal((await withTokenUser(req("/api/v1/namespaces/kube-public/configmaps/other"), [known])).user, undefined);
  });
});
