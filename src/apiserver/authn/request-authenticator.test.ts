import { test } from "node:test";
import assert from "node:assert/strict";
import type { UserInfo } from "../../api/types.js";
import type { ClientCertificateAuthenticator, ClientCertificateResult } from "./client-certificate.js";
import { createRequestAuthenticator, type RequestAuthentication } from "./request-authenticator.js";
import { unionTokenAuthenticators } from "./token-outcome.js";
import type { TokenAuthenticator } from "./token.js";

const alice: UserInfo = { username: "alice", groups: ["dev"] };
const tokens: TokenAuthenticator = { authenticateToken: async (t) => (t === "good" ? { ...alice, groups: [...alice.groups] } : undefined) };
const certs = (result: ClientCertificateResult): ClientCertificateAuthenticator => ({ verify: () => result, authenticate: () => (result.status === "authenticated" ? result.user : undefined) });
const authn = (cert: ClientCertificateResult = { status: "none" }) =>
  createRequestAuthenticator({ clientCertificates: certs(cert), tokens: unionTokenAuthenticators([tokens], ["https://kubernetes.default.svc.cluster.local"]) });
const ws = (protocols: string) => ({ connection: "Upgrade", upgrade: "websocket", "sec-websocket-protocol": protocols });
const b64 = (s: string) => Buffer.from(s).toString("base64url");

const summary = (r: RequestAuthentication) => (r.status === "unauthorized" ? `401 ${r.reason}` : `${r.status} ${r.user.username} [${r.user.groups.join(",")}]`);

test("Credentials are tried as kube-apiserver tries them, and only a request with none is anonymous.", async () => {
  const admin: ClientCertificateResult = { status: "authenticated", user: { username: "admin", groups: ["system:masters", "system:authenticated"] } };
  const cases: { name: string; cert?: ClientCertificateResult; headers: Record<string, string>; want: string }[] = [
    { name: "no credentials", headers: {}, want: "anonymous system:anonymous [system:unauthenticated]" },
    { name: "a client certificate", cert: admin, headers: {}, want: "authenticated admin [system:masters,system:authenticated]" },
    { name: "a certificate wins over a token", cert: admin, headers: { authorization: "Bearer good" }, want: "authenticated admin [system:masters,system:authenticated]" },
    { name: "a good token", headers: { authorization: "Bearer good" }, want: "authenticated alice [dev,system:authenticated]" },
    { name: "the scheme in any case", headers: { authorization: "bEaReR good" }, want: "authenticated alice [dev,system:authenticated]" },
    { name: "a bad token", headers: { authorization: "Bearer bad" }, want: "401 invalid bearer token" },
    { name: "a refused certificate", cert: { status: "rejected", reason: "x509: certificate signed by unknown authority" }, headers: {}, want: "401 x509: certificate signed by unknown authority" },
    { name: "a refused certificate and a good token", cert: { status: "rejected", reason: "x509: bad" }, headers: { authorization: "Bearer good" }, want: "authenticated alice [dev,system:authenticated]" },
    { name: "a refused certificate and a bad token", cert: { status: "rejected", reason: "x509: bad" }, headers: { authorization: "Bearer bad" }, want: "401 [x509: bad, invalid bearer token]" },
    { name: "Basic credentials are not bearer tokens", headers: { authorization: "Basic YWxpY2U6cHc=" }, want: "anonymous system:anonymous [system:unauthenticated]" },
    { name: "Bearer without a token", headers: { authorization: "Bearer" }, want: "anonymous system:anonymous [system:unauthenticated]" },
    { name: "Bearer and an empty token", headers: { authorization: "Bearer  good" }, want: "anonymous system:anonymous [system:unauthenticated]" },
    { name: "a token followed by more", headers: { authorization: "Bearer good trailing" }, want: "authenticated alice [dev,system:authenticated]" },
    { name: "a WebSocket bearer subprotocol", headers: ws(`${"base64url.bearer.authorization.k8s.io."}${b64("good")}, v5.channel.k8s.io`), want: "authenticated alice [dev,system:authenticated]" },
    { name: "a WebSocket bearer subprotocol alone", headers: ws(`base64url.bearer.authorization.k8s.io.${b64("good")}`), want: "401 missing additional subprotocol" },
    { name: "two WebSocket bearer subprotocols", headers: ws(`base64url.bearer.authorization.k8s.io.${b64("good")}, base64url.bearer.authorization.k8s.io.${b64("good")}, v5.channel.k8s.io`), want: "401 multiple base64.bearer.authorization tokens specified" },
    { name: "a WebSocket subprotocol that is not base64url", headers: ws("base64url.bearer.authorization.k8s.io.%%%, v5.channel.k8s.io"), want: "401 invalid base64.bearer.authorization token encoding" },
    { name: "a WebSocket subprotocol with a bad token", headers: ws(`base64url.bearer.authorization.k8s.io.${b64("bad")}, v5.channel.k8s.io`), want: "401 invalid bearer token" },
    { name: "a bearer subprotocol on a request that is no upgrade", headers: { "sec-websocket-protocol": `base64url.bearer.authorization.k8s.io.${b64("good")}` }, want: "anonymous system:anonymous [system:unauthenticated]" },
  ];
  for (const c of cases) assert.equal(summary(await authn(c.cert).authenticateRequest({ headers: { ...c.headers } })), c.want, c.name);
});

test("An accepted token is removed from the request; a refused one is left alone.", async () => {
  const headers: Record<string, string | undefined> = { authorization: "Bearer good", accept: "application/json" };
  await authn().authenticateRequest({ headers });
  assert.deepEqual(headers, { accept: "application/json" });
  const wsHeaders: Record<string, string | undefined> = ws(`base64url.bearer.authorization.k8s.io.${b64("good")}, v5.channel.k8s.io`);
  await authn().authenticateRequest({ headers: wsHeaders });
  assert.equal(wsHeaders["sec-websocket-protocol"], "v5.channel.k8s.io");
  const bad: Record<string, string | undefined> = { authorization: "Bearer bad" };
  await authn().authenticateRequest({ headers: bad });
  assert.equal(bad.authorization, "Bearer bad");
});

test("A token authenticator that throws refuses the token instead of failing the request.", async () => {
  const throwing: TokenAuthenticator = { authenticateToken: async () => { throw new Error("store unavailable"); } };
  const a = createRequestAuthenticator({ tokens: unionTokenAuthenticators([throwing, tokens], []) });
  assert.equal(summary(await a.authenticateRequest({ headers: { authorization: "Bearer good" } })), "authenticated alice [dev,system:authenticated]");
  assert.equal(summary(await a.authenticateRequest({ headers: { authorization: "Bearer other" } })), "401 store unavailable");
});

test("Tokens that know nothing of audiences are good only for the server's own.", async () => {
  const union = unionTokenAuthenticators([tokens], ["api"]);
  const own = await union.review("good");
  assert.deepEqual(own.status === "authenticated" && own.audiences, ["api"]);
  assert.equal((await union.review("good", ["api", "vault"])).status, "authenticated");
  assert.equal((await union.review("good", ["vault"])).status, "none");
});
