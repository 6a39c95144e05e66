import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { describe, it } from "node:test";
import { createCertificateAuthority, parseKubeconfig } from "../pki/index.js";
import { realClock } from "../util/clock.js";
import { metricsServerObjects } from "./manifests.js";
import { parseOptions } from "./options.js";

describe("metrics-server objects", async () => {
  const ca = await createCertificateAuthority({ commonName: "skiff-ca" });
  const objects = await metricsServerObjects(ca, realClock);
  const find = (kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name) as Record<string, any>;

  it("are upstream's components.yaml objects, in creation order", () => {
    assert.deepEqual(
      objects.map((o) => `${o.kind}/${o.metadata.name}`),
      [
        "ServiceAccount/metrics-server",
        "ClusterRole/system:aggregated-metrics-reader",
        "ClusterRole/system:metrics-server",
        "RoleBinding/metrics-server-auth-reader",
        "ClusterRoleBinding/metrics-server:system:auth-delegator",
        "ClusterRoleBinding/system:metrics-server",
        "Secret/metrics-server-certs",
        "Service/metrics-server",
        "Deployment/metrics-server",
        "APIService/v1beta1.metrics.k8s.io",
      ],
    );
    const container = find("Deployment", "metrics-server").spec.template.spec.containers[0];
    assert.equal(container.image, "registry.k8s.io/metrics-server/metrics-server:v0.8.0");
    const o = parseOptions(container.args);
    assert.equal(o.securePort, 10250);
    assert.equal(o.metricResolutionMs, 15_000);
    assert.deepEqual(o.kubeletPreferredAddressTypes, ["InternalIP", "ExternalIP", "Hostname"]);
    assert.equal(o.kubeletUseNodeStatusPort, true);
  });

  it("trust the cluster CA: the APIService's caBundle, a serving certificate for the Service's name, a client certificate for the service account", async () => {
    const apiService = find("APIService", "v1beta1.metrics.k8s.io");
    assert.equal(Buffer.from(apiService.spec.caBundle, "base64").toString(), ca.certPem);
    assert.equal(apiService.spec.insecureSkipTLSVerify, undefined);
    const data = find("Secret", "metrics-server-certs").data as Record<string, string>;
    const text = (k: string) => Buffer.from(data[k], "base64").toString();
    const caCert = new X509Certificate(ca.certPem);
    const serving = new X509Certificate(text("tls.crt"));
    assert.ok(serving.checkIssued(caCert) && serving.verify(caCert.publicKey));
    assert.equal(serving.checkHost("metrics-server.kube-system.svc"), "metrics-server.kube-system.svc");
    const kubeconfig = await parseKubeconfig(text("kubeconfig"), { baseDir: "/" });
    assert.equal(kubeconfig.certPem, text("client.crt"));
    const client = new X509Certificate(text("client.crt"));
    assert.ok(client.checkIssued(caCert));
    assert.match(client.subject, /CN=system:serviceaccount:kube-system:metrics-server/);
  });
});
