import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import https from "node:https";
import net from "node:net";
import { createCertificateAuthority, issueServingCert } from "../../pki/index.js";
import { createSimulatedNetwork } from "../../network/dialer.js";
import { createServiceResolver } from "../../network/service-resolver.js";
import { realClock } from "../../util/clock.js";
import type { APIService } from "./apiservice-helpers.js";
import { checkDiscovery } from "./discovery-check.js";

let backend: https.Server;
let port = 0;
let status = 200;
const identities: string[] = [];

before(async () => {
  const ca = await createCertificateAuthority({ commonName: "self" });
  const serving = await issueServingCert(ca, { commonName: "metrics-server", dnsNames: ["metrics-server.kube-system.svc"] });
  backend = https.createServer({ key: serving.keyPem, cert: serving.certPem }, (req, res) => {
    identities.push(`${req.url} ${req.headers["x-remote-user"]} ${req.headers["x-remote-group"]}`);
    res.writeHead(status).end();
  });
  await new Promise<void>((r) => backend.listen(0, "127.0.0.1", r));
  port = (backend.address() as net.AddressInfo).port;
});

after(() => {
  backend.closeAllConnections();
  backend.close();
});

const svc: APIService = {
  metadata: { name: "v1beta1.metrics.k8s.io" },
  spec: { group: "metrics.k8s.io", version: "v1beta1", groupPriorityMinimum: 100, versionPriority: 100, service: { namespace: "kube-system", name: "metrics-server", port: 443 } },
};

function deps(targetPort: number) {
  const network = createSimulatedNetwork();
  network.register("10.244.1.5", 10250, { host: "127.0.0.1", port: targetPort });
  const resolver = createServiceResolver(
    {
      service: () => ({ metadata: { name: "metrics-server" }, spec: { ports: [{ name: "https", port: 443 }] } }),
      endpointSlices: () => [{ addressType: "IPv4", ports: [{ name: "https", port: 10250 }], endpoints: [{ addresses: ["10.244.1.5"] }] }],
    },
    network,
  );
  return { resolver, clock: realClock };
}

const url = "https://10.244.1.5:10250/apis/metrics.k8s.io/v1beta1";

test("A backend answering 200 passes, probed as system:kube-aggregator in system:masters, its certificate not checked.", async () => {
  status = 200;
  identities.length = 0;
  assert.equal(await checkDiscovery(svc, deps(port)), undefined);
  assert.equal(identities[0], "/apis/metrics.k8s.io/v1beta1 system:kube-aggregator system:masters");
});

test("A backend answering 503 fails with the bad status.", async () => {
  status = 503;
  assert.equal(await checkDiscovery(svc, deps(port)), `failing or missing response from ${url}: bad status from ${url}: 503`);
});

test("A backend nobody listens for fails with the dial error.", async () => {
  const closed = net.createServer();
  await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
  const dead = (closed.address() as net.AddressInfo).port;
  await new Promise<void>((r) => closed.close(() => r()));
  assert.equal(await checkDiscovery(svc, deps(dead)), `failing or missing response from ${url}: Get "${url}": dial tcp 10.244.1.5:10250: connect: connection refused`);
});
