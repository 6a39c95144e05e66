import { test } from "node:test";
import assert from "node:assert/strict";
import { decodeKubernetesProtobuf, PROTOBUF_MEDIA_TYPE, ProtobufDecodeError } from "./index.js";
import { bytes, entry, envelope, msg, objectMeta, str, varint } from "./testing/proto-writer.js";

const quantity = (field: number, value: string): Buffer => msg(field, str(1, value));
const intOrStringInt = (field: number, value: number): Buffer => msg(field, varint(1, 0), varint(2, value), str(3, ""));
const intOrStringStr = (field: number, value: string): Buffer => msg(field, varint(1, 1), varint(2, 0), str(3, value));
const time = (field: number, seconds: number, nanos = 0): Buffer => msg(field, varint(1, seconds), varint(2, nanos));

/** A container as Go writes it: every non-pointer field, most of them zero. */
function container(field: number, ...set: Buffer[]): Buffer {
  return msg(field, ...set, str(5, ""), str(13, ""), str(14, ""), varint(16, false), varint(17, false), varint(18, false), str(20, ""));
}

const cases: { name: string; body: Buffer; want: Record<string, unknown> }[] = [
  {
    name: "A ConfigMap keeps its data and base64-encodes binaryData, dropping zero metadata fields.",
    body: envelope("v1", "ConfigMap", objectMeta(1, "cfg", "default"), entry(2, "a", str(2, "1")), entry(2, "b", str(2, "")), entry(3, "bin", bytes(2, Buffer.from([0, 1, 2, 0xff])))),
    want: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cfg", namespace: "default" }, data: { a: "1", b: "" }, binaryData: { bin: "AAEC/w==" } },
  },
  {
    name: "A Secret's byte values become base64 strings and its empty type is dropped.",
    body: envelope("v1", "Secret", objectMeta(1, "s"), entry(2, "pw", bytes(2, Buffer.from("secret"))), str(3, ""), entry(4, "plain", str(2, "text"))),
    want: { apiVersion: "v1", kind: "Secret", metadata: { name: "s" }, data: { pw: "c2VjcmV0" }, stringData: { plain: "text" } },
  },
  {
    name: "A Deployment decodes its pod template, ports, env, resource quantities and a percentage maxSurge.",
    body: envelope("apps/v1", "Deployment",
      objectMeta(1, "web", "", entry(11, "app", str(2, "web"))),
      msg(2,
        varint(1, 3),
        msg(2, entry(1, "app", str(2, "web"))),
        msg(3,
          objectMeta(1, "", "", entry(11, "app", str(2, "web"))),
          msg(2, container(2,
            str(1, "nginx"), str(2, "nginx:1.27"),
            msg(6, str(1, ""), varint(2, 0), varint(3, 80), str(4, "TCP"), str(5, "")),
            msg(7, str(1, "MODE"), str(2, "prod")),
            msg(7, str(1, "EMPTY"), str(2, "")),
            msg(8, entry(1, "cpu", quantity(2, "500m")), entry(2, "memory", quantity(2, "64Mi"))),
          ), str(3, "Always"), str(6, ""))),
        msg(4, str(1, "RollingUpdate"), msg(2, intOrStringInt(1, 0), intOrStringStr(2, "25%"))),
        varint(5, 0), varint(7, false)),
      msg(3, varint(1, 0), varint(2, 0), varint(3, 0), varint(7, 0), varint(4, 0), varint(5, 0))),
    want: {
      apiVersion: "apps/v1", kind: "Deployment",
      metadata: { name: "web", labels: { app: "web" } },
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: "web" } },
        template: {
          metadata: { labels: { app: "web" } },
          spec: {
            containers: [{
              name: "nginx", image: "nginx:1.27",
              ports: [{ containerPort: 80, protocol: "TCP" }],
              env: [{ name: "MODE", value: "prod" }, { name: "EMPTY" }],
              resources: { limits: { cpu: "500m" }, requests: { memory: "64Mi" } },
            }],
            restartPolicy: "Always",
          },
        },
        strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: "25%" } },
      },
      status: {},
    },
  },
  {
    name: "A Service keeps its port (required) and an integer targetPort.",
    body: envelope("v1", "Service", objectMeta(1, "svc"),
      msg(2, msg(1, str(1, "http"), str(2, "TCP"), varint(3, 80), intOrStringInt(4, 8080), varint(5, 0)), entry(2, "app", str(2, "svc")), str(3, ""), str(4, "ClusterIP")),
      msg(3, msg(1))),
    want: {
      apiVersion: "v1", kind: "Service", metadata: { name: "svc" },
      spec: { ports: [{ name: "http", protocol: "TCP", port: 80, targetPort: 8080 }], selector: { app: "svc" }, type: "ClusterIP" },
      status: { loadBalancer: {} },
    },
  },
  {
    name: "A Namespace with empty spec and status keeps them as empty objects.",
    body: envelope("v1", "Namespace", objectMeta(1, "team-a"), msg(2), msg(3, str(1, ""))),
    want: { apiVersion: "v1", kind: "Namespace", metadata: { name: "team-a" }, spec: {}, status: {} },
  },
  {
    name: "A SelfSubjectAccessReview keeps the required allowed=false and drops the other zero fields.",
    body: envelope("authorization.k8s.io/v1", "SelfSubjectAccessReview", objectMeta(1, ""),
      msg(2, msg(1, str(1, "default"), str(2, "create"), str(3, ""), str(4, ""), str(5, "pods"), str(6, ""), str(7, ""))),
      msg(3, varint(1, false), str(2, ""), str(3, ""), varint(4, false))),
    want: {
      apiVersion: "authorization.k8s.io/v1", kind: "SelfSubjectAccessReview", metadata: {},
      spec: { resourceAttributes: { namespace: "default", verb: "create", resource: "pods" } },
      status: { allowed: false },
    },
  },
  {
    name: "A Pod's times become RFC 3339 seconds, dropping nanoseconds and zero times.",
    body: envelope("v1", "Pod",
      objectMeta(1, "p", "default", time(9, 1704067230, 999)),
      msg(2, container(2, str(1, "app"), str(2, "busybox")), varint(4, 30)),
      msg(3, str(1, "Running"),
        msg(2, str(1, "Ready"), str(2, "True"), msg(3), time(4, 1704067200)),
        time(7, 1704067199))),
    want: {
      apiVersion: "v1", kind: "Pod",
      metadata: { name: "p", namespace: "default", deletionTimestamp: "2024-01-01T00:00:30Z" },
      spec: { containers: [{ name: "app", image: "busybox" }], terminationGracePeriodSeconds: 30 },
      status: { phase: "Running", conditions: [{ type: "Ready", status: "True", lastTransitionTime: "2024-01-01T00:00:00Z" }], startTime: "2023-12-31T23:59:59Z" },
    },
  },
];

for (const c of cases) {
  test(c.name, () => {
    const got = decodeKubernetesProtobuf(c.body);
    assert.deepEqual(got.object, c.want);
    assert.equal(got.apiVersion, c.want.apiVersion);
    assert.equal(got.kind, c.want.kind);
  });
}

// Bodies kubectl v1.35.2 sent for `create deployment web --image=nginx --port=80 --replicas=2`,
// `auth can-i create pods` and `create service clusterip svc --tcp=80:8080`; the expected
// objects are its `--dry-run=client -o json` output without nulls.
const captured: { name: string; hex: string; want: Record<string, unknown> }[] = [
  {
    name: "kubectl's create deployment body decodes to its JSON form.",
    hex: "6b3873000a150a07617070732f7631120a4465706c6f796d656e7412b8010a1f0a0377656212001a0022002a003200380042005a0a0a0361707012037765621286010802120c0a0a0a0361707012037765621a6c0a1c0a0012001a0022002a003200380042005a0a0a036170701203776562124c122e0a056e67696e7812056e67696e782a00320a0a001000185022002a0042006a007200800100880100900100a201001a00320042004a0052005800600068008201008a01009a0100c2010022020a00280038001a0c0800100018002000280038001a002200",
    want: {
      apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web", labels: { app: "web" } },
      spec: {
        replicas: 2, selector: { matchLabels: { app: "web" } },
        template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "nginx", image: "nginx", ports: [{ containerPort: 80 }], resources: {} }] } },
        strategy: {},
      },
      status: {},
    },
  },
  {
    name: "kubectl's auth can-i body decodes to its JSON form.",
    hex: "6b3873000a320a17617574686f72697a6174696f6e2e6b38732e696f2f7631121753656c665375626a656374416363657373526576696577123f0a100a0012001a0022002a0032003800420012210a1f0a0764656661756c7412066372656174651a0022002a04706f647332003a001a08080012001a0020001a002200",
    want: {
      apiVersion: "authorization.k8s.io/v1", kind: "SelfSubjectAccessReview", metadata: {},
      spec: { resourceAttributes: { namespace: "default", verb: "create", resource: "pods" } },
      status: { allowed: false },
    },
  },
  {
    name: "kubectl's create service body decodes to its JSON form.",
    hex: "6b3873000a0d0a02763112075365727669636512690a1f0a0373766312001a0022002a003200380042005a0a0a03617070120373766312420a1b0a0738302d38303830120354435018502207080010903f1a002800120a0a0361707012037376631a002209436c757374657249503a00420052005a00600068001a020a001a002200",
    want: {
      apiVersion: "v1", kind: "Service", metadata: { name: "svc", labels: { app: "svc" } },
      spec: { ports: [{ name: "80-8080", protocol: "TCP", port: 80, targetPort: 8080 }], selector: { app: "svc" }, type: "ClusterIP" },
      status: { loadBalancer: {} },
    },
  },
];

for (const c of captured) {
  test(c.name, () => {
    assert.deepEqual(decodeKubernetesProtobuf(Buffer.from(c.hex, "hex")).object, c.want);
  });
}

test("The media type constant is upstream's protobuf content type.", () => {
  assert.equal(PROTOBUF_MEDIA_TYPE, "application/vnd.kubernetes.protobuf");
});

test("An envelope without apiVersion and kind takes them from the defaults.", () => {
  const body = Buffer.concat([Buffer.from("k8s\0", "latin1"), msg(1), msg(2, objectMeta(1, "ns1"))]);
  const got = decodeKubernetesProtobuf(body, { apiVersion: "v1", kind: "Namespace" });
  assert.deepEqual(got.object, { apiVersion: "v1", kind: "Namespace", metadata: { name: "ns1" } });
});

const failures: { name: string; body: Buffer; message: RegExp }[] = [
  { name: "An empty body is rejected.", body: Buffer.alloc(0), message: /^empty data$/ },
  { name: "A body without the k8s magic is rejected with the expected prefix.", body: Buffer.from("{\"kind\":\"Pod\"}"), message: /expected prefix \[107 56 115 0\]/ },
  { name: "A body of only the magic is rejected.", body: Buffer.from("k8s\0", "latin1"), message: /^empty body$/ },
  { name: "An envelope without a kind is rejected.", body: Buffer.concat([Buffer.from("k8s\0", "latin1"), msg(1, str(1, "v1")), msg(2)]), message: /Object 'Kind' is missing/ },
  { name: "A kind without protobuf facts is rejected.", body: envelope("example.com/v1", "Widget"), message: /no kind "Widget" is registered for version "example.com\/v1"/ },
  { name: "A nested type used as a kind is rejected.", body: envelope("v1", "PodSpec"), message: /no kind "PodSpec"/ },
  { name: "A truncated object is rejected.", body: envelope("v1", "ConfigMap", Buffer.from([0x0a, 0x05, 0x0a])), message: /unexpected end of data/ },
  { name: "A field with the wrong wire type is rejected with its path.", body: envelope("v1", "Namespace", varint(1, 5)), message: /Namespace\.metadata: wire type 0, expected 2/ },
  { name: "A compressed envelope is rejected.", body: Buffer.concat([Buffer.from("k8s\0", "latin1"), msg(1, str(1, "v1"), str(2, "Pod")), msg(2), str(3, "gzip")]), message: /unsupported content encoding "gzip"/ },
];

for (const f of failures) {
  test(f.name, () => {
    assert.throws(() => decodeKubernetesProtobuf(f.body), (err: unknown) => err instanceof ProtobufDecodeError && f.message.test(err.message));
  });
}
