/**
 * Authentication end to end, with the real kubectl, curl and openssl: M5's client
 * certificate, `kubectl create token` and its token over curl, TokenReview,
 * issuer discovery, anonymous requests, impersonation, and every kind of
 * bad credential refused with a Status while the server keeps serving.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createHash, createPublicKey, createSign, generateKeyPairSync } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import WebSocket from "ws";
import { parse } from "yaml";
import { startTestCluster, type TestCluster } from "./cluster.js";

const ISSUER = "https://kubernetes.default.svc.cluster.local";
const UNAUTHORIZED = { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: "Unauthorized", reason: "Unauthorized", code: 401 };

interface Curl {
  code: number;
  body: string;
}

describe("security: authentication", { concurrency: false }, () => {
  let c: TestCluster;
  let server: string;
  let pki: string;
  let saToken: string;

  /** curl against the API server: -w appends the status code on its own line. */
  const curl = (path: string, args: string[] = []) =>
    new Promise<Curl>((resolve, reject) => {
      execFile("curl", ["-sS", "--cacert", join(pki, "ca.crt"), "-w", "\n%{http_code}", ...args, `${server}${path}`], { maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
        if (err) return reject(new Error(`curl failed: ${stderr || err.message}`));
        const cut = stdout.lastIndexOf("\n");
        resolve({ code: Number(stdout.slice(cut + 1)), body: stdout.slice(0, cut) });
      });
    });
  const bearer = (path: string, token: string, args: string[] = []) => curl(path, ["-H", `Authorization: Bearer ${token}`, ...args]);
  /** A JWT signed with any RSA key, as the cluster's or an attacker's. */
  const sign = (header: Record<string, unknown>, claims: Record<string, unknown>, keyPem: string) => {
    const input = `${Buffer.from(JSON.stringify(header)).toString("base64url")}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}`;
    return `${input}.${createSign("RSA-SHA256").update(input).sign(keyPem).toString("base64url")}`;
  };

  before(async () => {
    c = await startTestCluster();
    pki = join(c.dataDir, "pki");
    server = (parse(readFileSync(c.kubeconfig, "utf8")) as { clusters: { cluster: { server: string } }[] }).clusters[0].cluster.server;
    // A ServiceAccount that may read (view), bound explicitly so the test holds with RBAC enforced.
    await c.k(["create", "serviceaccount", "reader"]);
    await c.k(["create", "clusterrolebinding", "reader-view", "--clusterrole=view", "--serviceaccount=default:reader"]);
    saToken = (await c.k(["create", "token", "reader"])).trim();
  });
  after(async () => {
    await c?.stop();
  });

  test("M5: curl with the admin client certificate gets APIVersions", async () => {
    const r = await curl("/api/", ["--cert", join(pki, "admin.crt"), "--key", join(pki, "admin.key")]);
    assert.equal(r.code, 200);
    const versions = JSON.parse(r.body) as { kind: string; versions: string[] };
    assert.equal(versions.kind, "APIVersions");
    assert.deepEqual(versions.versions, ["v1"]);
  });

  test("kubectl create token gives a token that works with curl and names its ServiceAccount", async () => {
    assert.equal(saToken.split(".").length, 3);
    const pods = await bearer("/api/v1/namespaces/default/pods", saToken);
    assert.equal(pods.code, 200);
    assert.equal((JSON.parse(pods.body) as { kind: string }).kind, "PodList");
    const review = await bearer("/apis/authentication.k8s.io/v1/selfsubjectreviews", saToken, ["-X", "POST", "-H", "Content-Type: application/json", "-d", '{"apiVersion":"authentication.k8s.io/v1","kind":"SelfSubjectReview"}']);
    const user = (JSON.parse(review.body) as { status: { userInfo: { username: string; groups: string[]; extra: Record<string, string[]> } } }).status.userInfo;
    assert.equal(user.username, "system:serviceaccount:default:reader");
    assert.deepEqual(user.groups, ["system:serviceaccounts", "system:serviceaccounts:default", "system:authenticated"]);
    assert.match(user.extra["authentication.kubernetes.io/credential-id"][0], /^JTI=[0-9a-f-]{36}$/);
  });

  test("kubectl with a token kubeconfig: auth whoami", async () => {
    const kubeconfig = join(c.dataDir, "reader.kubeconfig");
    writeFileSync(
      kubeconfig,
      `apiVersion: v1\nkind: Config\nclusters:\n- name: skiff\n  cluster:\n    server: ${server}\n    certificate-authority: ${join(pki, "ca.crt")}\nusers:\n- name: reader\n  user:\n    token: ${saToken}\ncontexts:\n- name: reader\n  context:\n    cluster: skiff\n    user: reader\ncurrent-context: reader\n`,
    );
    const whoami = await c.kubectl(["--kubeconfig", kubeconfig, "auth", "whoami", "-o", "jsonpath={.status.userInfo.username}"]);
    assert.equal(whoami.code, 0, whoami.stderr);
    assert.equal(whoami.stdout, "system:serviceaccount:default:reader");
  });

  test("TokenReview says who a token is, and why another is refused", async () => {
    const review = (token: string, audiences?: string[]) =>
      c.k(["create", "-o", "json", "-f", "-"], JSON.stringify({ apiVersion: "authentication.k8s.io/v1", kind: "TokenReview", spec: { token, audiences } })).then((s) => (JSON.parse(s) as { status: Record<string, unknown> }).status);
    const ok = await review(saToken);
    assert.equal(ok.authenticated, true);
    assert.deepEqual(ok.audiences, [ISSUER]);
    assert.equal((ok.user as { username: string }).username, "system:serviceaccount:default:reader");
    assert.deepEqual(await review("garbage"), { user: {}, error: "invalid bearer token" });
    const vault = await review(saToken, ["vault"]);
    assert.equal(vault.authenticated, undefined);
    assert.equal(vault.error, `token audiences ["${ISSUER}"] is invalid for the target audiences ["vault"]`);
    const empty = await c.kubectl(["create", "-f", "-"], { input: JSON.stringify({ apiVersion: "authentication.k8s.io/v1", kind: "TokenReview", spec: {} }) });
    assert.equal(empty.code, 1);
    assert.match(empty.stderr, /Error from server \(BadRequest\).*token is required for TokenReview in authentication/);
  });

  test("service-account issuer discovery serves the OIDC configuration and the key that verifies tokens", async () => {
    const admin = ["--cert", join(pki, "admin.crt"), "--key", join(pki, "admin.key")];
    const config = JSON.parse((await curl("/.well-known/openid-configuration", admin)).body) as Record<string, unknown>;
    assert.deepEqual(config, { issuer: ISSUER, jwks_uri: `${server}/openid/v1/jwks`, response_types_supported: ["id_token"], subject_types_supported: ["public"], id_token_signing_alg_values_supported: ["RS256"] });
    const jwks = await curl("/openid/v1/jwks", [...admin, "-D", "-"]);
    assert.match(jwks.body, /content-type: application\/jwk-set\+json/i);
    const { keys } = JSON.parse(jwks.body.slice(jwks.body.indexOf("{"))) as { keys: { kid: string; n: string; e: string }[] };
    const kid = (JSON.parse(Buffer.from(saToken.split(".")[0], "base64url").toString()) as { kid: string }).kid;
    const jwk = keys.find((k) => k.kid === kid);
    assert.ok(jwk, "the token's kid is in the key set");
    assert.equal(createPublicKey({ key: { kty: "RSA", n: jwk.n, e: jwk.e }, format: "jwk" }).export({ type: "spki", format: "pem" }), readFileSync(join(pki, "sa.pub"), "utf8"));
  });

  test("a request without credentials is system:anonymous: public paths answer, pods do not", async () => {
    const version = await curl("/version");
    assert.equal(version.code, 200);
    assert.ok((JSON.parse(version.body) as { gitVersion: string }).gitVersion);
    const pods = await curl("/api/v1/pods");
    const status = JSON.parse(pods.body) as { code: number; reason: string; message: string };
    // 401 while anonymous requests reach only public paths; RBAC answers 403 in its own words.
    if (pods.code === 403) assert.equal(status.message, 'pods is forbidden: User "system:anonymous" cannot list resource "pods" in API group "" at the cluster scope');
    else assert.deepEqual(status, UNAUTHORIZED);
  });

  test("bad tokens, JWTs and headers are each refused with a Status, and the server keeps serving", async () => {
    const saKey = readFileSync(join(pki, "sa.key"), "utf8");
    const kid = createHash("sha256").update(createPublicKey(saKey).export({ type: "spki", format: "der" })).digest("base64url");
    const now = Math.floor(Date.now() / 1000);
    const claims = (over: Record<string, unknown> = {}) => ({ ...(JSON.parse(Buffer.from(saToken.split(".")[1], "base64url").toString()) as Record<string, unknown>), ...over });
    const { privateKey: otherKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const otherPem = otherKey.export({ type: "pkcs1", format: "pem" }).toString();
    const [h, p] = saToken.split(".");
    const tokens: Record<string, string> = {
      "alg none": `${Buffer.from(JSON.stringify({ alg: "none", kid })).toString("base64url")}.${p}.`,
      "wrong issuer": sign({ alg: "RS256", kid }, claims({ iss: "https://evil.example.com" }), saKey),
      "wrong audience": (await c.k(["create", "token", "reader", "--audience", "vault"])).trim(),
      expired: sign({ alg: "RS256", kid }, claims({ iat: now - 7200, nbf: now - 7200, exp: now - 3600 }), saKey),
      "unknown kid": sign({ alg: "RS256", kid: "not-our-key" }, claims(), otherPem),
      "another key under our kid": sign({ alg: "RS256", kid }, claims(), otherPem),
      "a forged subject": `${h}.${Buffer.from(JSON.stringify(claims({ sub: "system:serviceaccount:kube-system:admin" }))).toString("base64url")}.${saToken.split(".")[2]}`,
      "malformed base64": "not.base64!.jwt",
      garbage: "garbage",
    };
    for (const [name, token] of Object.entries(tokens)) {
      const r = await bearer("/api/v1/namespaces/default/pods", token);
      assert.equal(r.code, 401, name);
      assert.deepEqual(JSON.parse(r.body), UNAUTHORIZED, name);
    }
    // A credential nobody accepts is refused even on public paths: never anonymous.
    assert.equal((await bearer("/version", "garbage")).code, 401);

    const foreign = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
    writeFileSync(join(c.dataDir, "foreign.key"), foreign.privateKey.export({ type: "pkcs8", format: "pem" }));
    // A self-signed client certificate: TLS lets it through, the server refuses it.
    await new Promise<void>((resolve, reject) =>
      execFile("openssl", ["req", "-x509", "-new", "-key", join(c.dataDir, "foreign.key"), "-subj", "/CN=admin/O=system:masters", "-days", "1", "-out", join(c.dataDir, "foreign.crt")], (err) => (err ? reject(err) : resolve())),
    );
    const forged = await curl("/api/v1/pods", ["--cert", join(c.dataDir, "foreign.crt"), "--key", join(c.dataDir, "foreign.key")]);
    assert.equal(forged.code, 401);
    assert.deepEqual(JSON.parse(forged.body), UNAUTHORIZED);

    // A header beyond what the server reads (Node's 16 KiB) is 431, as Go's server answers beyond its limit.
    const oversized = await curl("/api/v1/pods", ["--http1.1", "-H", `Authorization: Bearer ${"x".repeat(20 * 1024)}`]);
    assert.equal(oversized.code, 431);

    const ns = await c.kubectl(["get", "namespace", "default", "-o", "name"]);
    assert.equal(ns.stdout.trim(), "namespace/default");
    assert.equal((await bearer("/api/v1/namespaces/default/pods", saToken)).code, 200);
  });

  test("impersonation: kubectl --as and --as-group act as the user asked for; anonymous requests may not impersonate", async () => {
    const whoami = await c.k(["auth", "whoami", "--as", "jane", "--as-group", "dev", "--as-group", "ops", "-o", "json"]);
    const user = (JSON.parse(whoami) as { status: { userInfo: { username: string; groups: string[] } } }).status.userInfo;
    assert.deepEqual(user, { username: "jane", groups: ["dev", "ops", "system:authenticated"] });
    const sa = await c.k(["auth", "whoami", "--as", "system:serviceaccount:default:reader", "-o", "jsonpath={.status.userInfo.groups}"]);
    assert.equal(sa, '["system:serviceaccounts","system:serviceaccounts:default","system:authenticated"]');

    const denied = await curl("/api/v1/pods", ["-H", "Impersonate-User: admin"]);
    assert.equal(denied.code, 403);
    assert.deepEqual(JSON.parse(denied.body), {
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: 'users "admin" is forbidden: User "system:anonymous" cannot impersonate resource "users" in API group "" at the cluster scope',
      reason: "Forbidden",
      details: { name: "admin", kind: "users" },
      code: 403,
    });
    const groupOnly = await curl("/api/v1/pods", ["--cert", join(pki, "admin.crt"), "--key", join(pki, "admin.key"), "-H", "Impersonate-Group: system:masters"]);
    assert.equal(groupOnly.code, 500);
    assert.equal(groupOnly.body, 'Internal Server Error: "/api/v1/pods": requested [{Group  system:masters    }] without impersonating a user\n');
  });
});

describe("security: the token file and --anonymous-auth=false", { concurrency: false }, () => {
  let c: TestCluster;
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "skiff-tokens-"));
    writeFileSync(join(dir, "tokens.csv"), 'file-token-1234,alice,1001,"dev,ops"\n');
    // kubectl must not fall back to the admin kubeconfig: an empty one, and the server given by flags.
    writeFileSync(join(dir, "empty.kubeconfig"), "apiVersion: v1\nkind: Config\n");
    c = await startTestCluster({ args: ["--anonymous-auth=false", "--token-auth-file", join(dir, "tokens.csv")] });
  });
  after(async () => {
    await c?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test("a token from the file authenticates as its user; without credentials even /version is refused", async () => {
    const cfg = parse(readFileSync(c.kubeconfig, "utf8")) as { clusters: { cluster: { server: string } }[] };
    const server = cfg.clusters[0].cluster.server;
    const ca = join(c.dataDir, "pki", "ca.crt");
    const whoami = await c.kubectl(["--server", server, "--certificate-authority", ca, "--token", "file-token-1234", "--kubeconfig", join(dir, "empty.kubeconfig"), "auth", "whoami", "-o", "json"]);
    assert.equal(whoami.code, 0, whoami.stderr);
    assert.deepEqual((JSON.parse(whoami.stdout) as { status: { userInfo: unknown } }).status.userInfo, { username: "alice", uid: "1001", groups: ["dev", "ops", "system:authenticated"] });
    const anonymous = await new Promise<string>((resolve, reject) =>
      execFile("curl", ["-sS", "--cacert", ca, "-w", " %{http_code}", `${server}/version`], (err, stdout) => (err ? reject(err) : resolve(stdout))),
    );
    assert.equal(anonymous, `${JSON.stringify(UNAUTHORIZED)}\n 401`);
  });
});

describe("security: a bearer token in a WebSocket subprotocol", { concurrency: false }, () => {
  let c: TestCluster;
  let server: string;
  let ca: Buffer;
  let token: string;
  before(async () => {
    c = await startTestCluster({ args: ["--nodes", "1"] });
    server = (parse(readFileSync(c.kubeconfig, "utf8")) as { clusters: { cluster: { server: string } }[] }).clusters[0].cluster.server;
    ca = readFileSync(join(c.dataDir, "pki", "ca.crt"));
    await c.k(["create", "serviceaccount", "execer"]);
    await c.k(["create", "clusterrolebinding", "execer-admin", "--clusterrole=cluster-admin", "--serviceaccount=default:execer"]);
    token = (await c.k(["create", "token", "execer"])).trim();
    await c.k(["run", "shell", "--image=busybox", "--restart=Never", "--", "sleep", "3600"]);
    await c.k(["wait", "--for=condition=Ready", "pod/shell", "--timeout=60s"]);
  });
  after(async () => {
    await c?.stop();
  });

  /** Runs `echo hi` through exec over WebSocket with these subprotocols; stdout, or the handshake's refusal. */
  const exec = (protocols: string[]) =>
    new Promise<{ protocol: string; stdout: string } | { refused: string }>((resolve) => {
      const url = `${server.replace(/^https/, "wss")}/api/v1/namespaces/default/pods/shell/exec?command=echo&command=hi&stdout=true`;
      const ws = new WebSocket(url, protocols, { ca });
      let stdout = "";
      ws.on("message", (data: Buffer) => {
        if (data[0] === 1) stdout += data.subarray(1).toString();
      });
      ws.on("close", () => resolve({ protocol: ws.protocol, stdout }));
      ws.on("unexpected-response", (_req, res) => {
        resolve({ refused: String(res.statusCode) });
        res.resume();
        ws.terminate();
      });
      ws.on("error", () => undefined);
    });

  test("exec authenticates with base64url.bearer.authorization.k8s.io.<token>, the other subprotocol is negotiated", async () => {
    const encoded = Buffer.from(token).toString("base64url");
    assert.deepEqual(await exec([`base64url.bearer.authorization.k8s.io.${encoded}`, "v5.channel.k8s.io"]), { protocol: "v5.channel.k8s.io", stdout: "hi\n" });
    assert.deepEqual(await exec([`base64url.bearer.authorization.k8s.io.${Buffer.from("garbage").toString("base64url")}`, "v5.channel.k8s.io"]), { refused: "401" });
    assert.deepEqual(await exec([`base64url.bearer.authorization.k8s.io.${encoded}`]), { refused: "401" }, "the token cannot be the only subprotocol");
  });
});
