import { test } from "node:test";
import assert from "node:assert/strict";
import { imageTag, setPodDefaults, setPodTemplateDefaults } from "./pod-defaults.js";
import type { Pod, PodTemplateSpec } from "./pod-types.js";

const podWith = (spec: Partial<NonNullable<Pod["spec"]>>): Pod => ({ metadata: { name: "p" }, spec: { containers: [{ name: "c", image: "nginx" }], ...spec } });

test("A bare pod gets upstream's spec defaults.", () => {
  const pod = podWith({});
  setPodDefaults(pod);
  const s = pod.spec!;
  assert.equal(s.restartPolicy, "Always");
  assert.equal(s.dnsPolicy, "ClusterFirst");
  assert.equal(s.schedulerName, "default-scheduler");
  assert.equal(s.terminationGracePeriodSeconds, 30);
  assert.deepEqual(s.securityContext, {});
  assert.equal(s.enableServiceLinks, true);
  const c = s.containers[0];
  assert.equal(c.imagePullPolicy, "Always");
  assert.equal(c.terminationMessagePath, "/dev/termination-log");
  assert.equal(c.terminationMessagePolicy, "File");
});

const pullPolicies: [string, string][] = [
  ["nginx", "Always"],
  ["nginx:latest", "Always"],
  ["nginx:1.25", "IfNotPresent"],
  ["localhost:5000/nginx", "Always"],
  ["localhost:5000/nginx:v1", "IfNotPresent"],
  ["nginx@sha256:abcd", "IfNotPresent"],
];
for (const [image, policy] of pullPolicies) {
  test(`The image ${image} defaults imagePullPolicy to ${policy}.`, () => {
    const pod = podWith({ containers: [{ name: "c", image }] });
    setPodDefaults(pod);
    assert.equal(pod.spec!.containers[0].imagePullPolicy, policy);
  });
}

test("The tag of a digest reference without a tag is empty.", () => {
  assert.equal(imageTag("busybox@sha256:1"), "");
});

test("Ports default to TCP, probes to upstream's timings and HTTP paths.", () => {
  const pod = podWith({
    containers: [{ name: "c", image: "x:1", ports: [{ containerPort: 80 }], livenessProbe: { httpGet: { port: 80 } }, readinessProbe: { tcpSocket: { port: 80 } } }],
  });
  setPodDefaults(pod);
  const c = pod.spec!.containers[0];
  assert.equal(c.ports![0].protocol, "TCP");
  assert.deepEqual(c.livenessProbe, { httpGet: { port: 80, path: "/", scheme: "HTTP" }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 });
  assert.equal(c.readinessProbe!.failureThreshold, 3);
});

test("Pod requests default to limits, in canonical form.", () => {
  const pod = podWith({ containers: [{ name: "c", image: "x:1", resources: { limits: { cpu: "0.5", memory: "1024Mi" }, requests: { memory: "256Mi" } } }] });
  setPodDefaults(pod);
  assert.deepEqual(pod.spec!.containers[0].resources, { limits: { cpu: "500m", memory: "1Gi" }, requests: { cpu: "500m", memory: "256Mi" } });
});

test("Templates get spec defaults but not the Pod-only ones.", () => {
  const t: PodTemplateSpec = { spec: { containers: [{ name: "c", image: "x:1", resources: { limits: { cpu: "1" } } }] } };
  setPodTemplateDefaults(t);
  assert.equal(t.spec!.restartPolicy, "Always");
  assert.equal(t.spec!.enableServiceLinks, undefined);
  assert.equal(t.spec!.containers[0].resources!.requests, undefined);
});

test("Volumes without a source become emptyDir; secrets and config maps get mode 0644.", () => {
  const pod = podWith({ volumes: [{ name: "a" }, { name: "b", secret: { secretName: "s" } }, { name: "c", configMap: { name: "cm" } }] });
  setPodDefaults(pod);
  const v = pod.spec!.volumes!;
  assert.deepEqual(v[0].emptyDir, {});
  assert.equal(v[1].secret!.defaultMode, 420);
  assert.equal(v[2].configMap!.defaultMode, 420);
});

test("Host-network pods expose container ports on the host.", () => {
  const pod = podWith({ hostNetwork: true, containers: [{ name: "c", image: "x:1", ports: [{ containerPort: 8080 }] }] });
  setPodDefaults(pod);
  assert.equal(pod.spec!.containers[0].ports![0].hostPort, 8080);
});

test("The deprecated serviceAccount follows serviceAccountName.", () => {
  const pod = podWith({ serviceAccount: "old" });
  setPodDefaults(pod);
  assert.equal(pod.spec!.serviceAccountName, "old");
  assert.equal(pod.spec!.serviceAccount, "old");
});
