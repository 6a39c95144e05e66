import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import https from "node:https";
import net from "node:net";
import type { TLSSocket } from "node:tls";
import { createCertificateAuthority, issueClientCert, issueServingCert } from "../../pki/index.js";
import { createSimulatedNetwork } from "../../network/dialer.js";
import { createServiceResolver, type EndpointSliceLike } from "../../network/service-resolver.js";
import { realClock } from "../../util/clock.js";
import type { ApiRequest, ApiResponse, StreamSink } from "../http/types.js";
import type { APIService } from "./apiservice-helpers.js";
import { proxyToAPIService } from "./proxy.js";

interface Seen {
  path: string;
  cn: string;
  headers: Record<string, string[] | undefined>;
}

let backend: https.Server;
let port = 0;
let caPem = "";
let otherCaPem = "";
let client: { certPem: string; keyPem: string };
const seen: Seen[] = [];

before(async () => {
  const ca = await createCertificateAuthority({ commonName: "backend-ca" });
  otherCaPem = (await createCertificateAuthority({ commonName: "someone-else" })).certPem;
  caPem = ca.certPem;
  const serving = await issueServingCert(ca, { commonName: "api.wardle.svc", dnsNames: ["api.wardle.svc"] });
  const frontProxyCa = await createCertificateAuthority({ commonName: "front-proxy-ca" });
  client = await issueClientCert(frontProxyCa, { commonName: "front-proxy-client" });
  backend = https.createServer({ key: serving.keyPem, cert: serving.certPem, ca: frontProxyCa.certPem, requestCert: true, rejectUnauthorized: false }, (req, res) => {
    const socket = req.socket as TLSSocket;
    seen.push({ path: req.url ?? "", cn: socket.authorized ? String(socket.getPeerCertificate().subject.CN) : "", headers: { ...req.headersDistinct } });
    if (req.url?.startsWith("/stream")) {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"type":"ADDED"}\n');
      setTimeout(() => res.end('{"type":"MODIFIED"}\n'), 20);
      return;
    }
    const body = JSON.stringify({ kind: "Status", code: 418, method: req.method });
    res.writeHead(418, { "content-type": "application/json", "content-length": Buffer.byteLength(body), "x-backend": "yes" });
    res.end(body);
  });
  backend.on("upgrade", (req, socket) => {
    seen.push({ path: req.url ?? "", cn: "", headers: { ...req.headersDistinct } });
    socket.write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\n");
    socket.on("data", (d: Buffer) => socket.write(d.toString().toUpperCase()));
  });
  await new Promise<void>((r) => backend.listen(0, "127.0.0.1", r));
  port = (backend.address() as net.AddressInfo).port;
});

after(() => {
  backend.closeAllConnections();
  backend.close();
});

function apiService(o: { available?: boolean; caBundle?: string; insecure?: boolean } = {}): APIService {
  return {
    metadata: { name: "v1alpha1.wardle.example.com" },
    spec: {
      group: "wardle.example.com",
      version: "v1alpha1",
      groupPriorityMinimum: 1000,
      versionPriority: 15,
      service: { namespace: "wardle", name: "api", port: 443 },
      ...(o.caBundle !== undefined ? { caBundle: Buffer.from(o.caBundle).toString("base64") } : {}),
      ...(o.insecure ? { insecureSkipTLSVerify: true } : {}),
    },
    status: { conditions: [{ type: "Available", status: o.available === false ? "False" : "True", reason: "Passed" }] },
  };
}

function deps(targetPort = port) {
  const slices: EndpointSliceLike[] = [{ addressType: "IPv4", ports: [{ name: "https", port: targetPort }], endpoints: [{ addresses: ["10.244.3.7"], conditions: { ready: true } }] }];
  const network = createSimulatedNetwork();
  network.register("10.244.3.7", targetPort, { host: "127.0.0.1", port: targetPort });
  const resolver = createServiceResolver({ service: () => ({ metadata: { name: "api" }, spec: { ports: [{ name: "https", port: 443 }] } }), endpointSlices: () => slices }, network);
  return { resolver, clientCertificate: client, clock: realClock };
}

function request(path: string, headers: Record<string, string> = {}): ApiRequest {
  return {
    method: "GET",
    path,
    query: new URLSearchParams("limit=5"),
    headers: { accept: "application/json", authorization: "Bearer secret", ...headers },
    user: { username: "alice", uid: "u-1", groups: ["devs", "system:authenticated"], extra: { "scopes.example.com/x y": ["a", "b"] } },
    signal: new AbortController().signal,
  };
}

async function bodyOf(res: ApiResponse): Promise<string> {
  if (res.body !== undefined) return res.body.toString();
  const chunks: Buffer[] = [];
  const sink: StreamSink = { write: (c) => (chunks.push(Buffer.from(c)), true), end: () => undefined, drained: async () => undefined };
  await res.stream!(sink, new AbortController().signal);
  return Buffer.concat(chunks).toString();
}

test("An APIService that is not Available answers 503 service unavailable, as Go's http.Error writes it.", async () => {
  const res = await proxyToAPIService(request("/apis/wardle.example.com/v1alpha1"), apiService({ available: false, caBundle: caPem }), deps());
  assert.equal(res.status, 503);
  assert.equal(res.headers["content-type"], "text/plain; charset=utf-8");
  assert.equal(res.body, "service unavailable\n");
});

test("A request reaches the backend verified against caBundle, as the front proxy, with the user in X-Remote-* headers.", async () => {
  seen.length = 0;
  const res = await proxyToAPIService(request("/apis/wardle.example.com/v1alpha1/flunders", { "x-remote-user": "mallory", "x-remote-group": "system:masters", "x-remote-extra-evil": "1" }), apiService({ caBundle: caPem }), deps());
  assert.equal(res.status, 418);
  assert.equal(res.headers["x-backend"], "yes");
  assert.deepEqual(JSON.parse(await bodyOf(res)), { kind: "Status", code: 418, method: "GET" });
  const s = seen[0];
  assert.equal(s.path, "/apis/wardle.example.com/v1alpha1/flunders?limit=5");
  assert.equal(s.cn, "front-proxy-client");
  assert.deepEqual(s.headers["x-remote-user"], ["alice"]);
  assert.deepEqual(s.headers["x-remote-uid"], ["u-1"]);
  assert.deepEqual(s.headers["x-remote-group"], ["devs", "system:authenticated"]);
  assert.deepEqual(s.headers["x-remote-extra-scopes.example.com%2fx%20y"], ["a", "b"]);
  assert.equal(s.headers["x-remote-extra-evil"], undefined);
  assert.equal(s.headers.authorization, undefined);
  assert.deepEqual(s.headers.accept, ["application/json"]);
});

test("A serving certificate from another CA is refused with Go's x509 error.", async () => {
  const res = await proxyToAPIService(request("/apis/wardle.example.com/v1alpha1/flunders"), apiService({ caBundle: otherCaPem }), deps());
  assert.equal(res.status, 503);
  assert.equal(res.body, "tls: failed to verify certificate: x509: certificate signed by unknown authority\n");
});

test("insecureSkipTLSVerify skips the serving certificate check.", async () => {
  const res = await proxyToAPIService(request("/apis/wardle.example.com/v1alpha1/flunders"), apiService({ insecure: true }), deps());
  assert.equal(res.status, 418);
});

test("An endpoint nobody listens on answers 503 with the dial error.", async () => {
  const closed = net.createServer();
  await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
  const deadPort = (closed.address() as net.AddressInfo).port;
  await new Promise<void>((r) => closed.close(() => r()));
  const res = await proxyToAPIService(request("/apis/wardle.example.com/v1alpha1/flunders"), apiService({ caBundle: caPem }), deps(deadPort));
  assert.equal(res.status, 503);
  assert.equal(res.body, `dial tcp 10.244.3.7:${deadPort}: connect: connection refused\n`);
});

test("A response without a length (a watch) is streamed as it comes.", async () => {
  const res = await proxyToAPIService(request("/stream"), apiService({ caBundle: caPem }), deps());
  assert.equal(res.status, 200);
  assert.equal(res.body, undefined);
  assert.equal(await bodyOf(res), '{"type":"ADDED"}\n{"type":"MODIFIED"}\n');
});

test("An upgrade is passed on with the identity headers, and after the 101 both connections are spliced.", async () => {
  seen.length = 0;
  const listener = net.createServer();
  await new Promise<void>((r) => listener.listen(0, "127.0.0.1", r));
  const accepted = new Promise<net.Socket>((r) => listener.once("connection", r));
  const user = net.connect((listener.address() as net.AddressInfo).port, "127.0.0.1");
  const serverSide = await accepted;
  const req = { ...request("/apis/wardle.example.com/v1alpha1/namespaces/ns/flunders/x/attach", { connection: "Upgrade", upgrade: "echo" }), upgrade: { socket: serverSide, head: Buffer.alloc(0) } };
  let received = "";
  user.on("data", (d) => (received += d));
  const res = await proxyToAPIService(req, apiService({ caBundle: caPem }), deps());
  assert.equal(res.upgraded, true);
  user.write("ping");
  await new Promise<void>((resolve) => {
    const check = () => (received.includes("PING") ? resolve() : setTimeout(check, 5));
    check();
  });
  assert.match(received, /^HTTP\/1\.1 101 Switching Protocols\r\n/);
  assert.deepEqual(seen[0].headers["x-remote-user"], ["alice"]);
  assert.deepEqual(seen[0].headers.upgrade, ["echo"]);
  user.destroy();
  serverSide.destroy();
  listener.close();
});
