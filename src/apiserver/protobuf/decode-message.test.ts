import { test } from "node:test";
import assert from "node:assert/strict";
import { createProtoRegistry, decodeKubernetesProtobuf, ProtobufDecodeError } from "./index.js";
import { metaV1Proto } from "./tables/meta-v1.js";
import { bytes, double, entry, envelope, msg, objectMeta, str, varint } from "./testing/proto-writer.js";

function packed(field: number, values: number[]): Buffer {
  return bytes(field, Buffer.concat(values.map((v) => varint(1, v).subarray(1))));
}

const cases: { name: string; body: Buffer; want: Record<string, unknown> }[] = [
  {
    name: "A negative int32, sent sign-extended to ten bytes, decodes to the negative number.",
    body: envelope("scheduling.k8s.io/v1", "PriorityClass", objectMeta(1, "low"), varint(2, -5), varint(3, false), str(4, "")),
    want: { apiVersion: "scheduling.k8s.io/v1", kind: "PriorityClass", metadata: { name: "low" }, value: -5 },
  },
  {
    name: "A required scalar that is absent gets its zero value, as JSON always writes it.",
    body: envelope("scheduling.k8s.io/v1", "PriorityClass", objectMeta(1, "zero")),
    want: { apiVersion: "scheduling.k8s.io/v1", kind: "PriorityClass", metadata: { name: "zero" }, value: 0 },
  },
  {
    name: "A pointer scalar keeps its zero value, unlike an omitempty one.",
    body: envelope("apps/v1", "Deployment", objectMeta(1, "d"), msg(2, varint(1, 0), varint(5, 0), varint(6, 0))),
    want: { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "d" }, spec: { replicas: 0, revisionHistoryLimit: 0 } },
  },
  {
    name: "Large int64 values and packed or unpacked repeated int64 values decode alike.",
    body: envelope("v1", "Pod", objectMeta(1, "p", "", varint(7, 2 ** 40)), msg(2, msg(14, packed(4, [1000, 2000]), varint(4, 3000), varint(2, -1)))),
    want: { apiVersion: "v1", kind: "Pod", metadata: { name: "p", generation: 2 ** 40 }, spec: { securityContext: { supplementalGroups: [1000, 2000, 3000], runAsUser: -1 } } },
  },
  {
    name: "Unknown field numbers of every wire type are skipped.",
    body: envelope("v1", "ConfigMap", objectMeta(1, "c"), varint(900, 7), str(901, "x"), double(902, 1.5), entry(2, "k", str(2, "v"))),
    want: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" }, data: { k: "v" } },
  },
  {
    name: "A message sent in two pieces is merged and a repeated scalar keeps the last value.",
    body: envelope("v1", "ConfigMap", msg(1, str(1, "first")), msg(1, str(3, "ns"), str(1, "second")), entry(2, "only-key", Buffer.alloc(0))),
    want: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "second", namespace: "ns" }, data: { "only-key": "" } },
  },
  {
    name: "Embedded Go structs (volume sources, probe handlers, local object references) are inlined.",
    body: envelope("v1", "Pod", objectMeta(1, "p"), msg(2,
      msg(1, str(1, "cfg"), msg(2, msg(19, msg(1, str(1, "settings")), varint(3, 420)))),
      msg(2, str(1, "app"), msg(10, msg(1, msg(2, str(1, "/healthz"), msg(2, varint(1, 1), str(3, "http")))), varint(4, 10))))),
    want: {
      apiVersion: "v1", kind: "Pod", metadata: { name: "p" },
      spec: {
        volumes: [{ name: "cfg", configMap: { name: "settings", defaultMode: 420 } }],
        containers: [{ name: "app", livenessProbe: { httpGet: { path: "/healthz", port: "http" }, periodSeconds: 10 } }],
      },
    },
  },
  {
    name: "Named slices such as ExtraValue decode to bare arrays inside maps.",
    body: envelope("authentication.k8s.io/v1", "TokenReview", objectMeta(1, ""), msg(2, str(1, "tok")),
      msg(3, varint(1, true), msg(2, str(1, "alice"), str(2, ""), str(3, "devs"), entry(4, "scopes", msg(2, str(1, "a"), str(1, "b")))))),
    want: {
      apiVersion: "authentication.k8s.io/v1", kind: "TokenReview", metadata: {}, spec: { token: "tok" },
      status: { authenticated: true, user: { username: "alice", groups: ["devs"], extra: { scopes: ["a", "b"] } } },
    },
  },
  {
    name: "A RawExtension holding JSON decodes to that JSON, and one holding protobuf to its object.",
    body: envelope("apps/v1", "ControllerRevision", objectMeta(1, "rev"), msg(2, bytes(1, Buffer.from("{\"spec\":{\"x\":1}}")))),
    want: { apiVersion: "apps/v1", kind: "ControllerRevision", metadata: { name: "rev" }, data: { spec: { x: 1 } }, revision: 0 },
  },
  {
    name: "A RawExtension holding a protobuf body decodes to the nested object.",
    body: envelope("apps/v1", "ControllerRevision", objectMeta(1, "rev"), msg(2, bytes(1, envelope("v1", "ConfigMap", objectMeta(1, "inner")))), varint(3, 4)),
    want: { apiVersion: "apps/v1", kind: "ControllerRevision", metadata: { name: "rev" }, data: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "inner" } }, revision: 4 },
  },
  {
    name: "MicroTime keeps microseconds, truncating nanoseconds.",
    body: envelope("events.k8s.io/v1", "Event", objectMeta(1, "e"), msg(2, varint(1, 1704067200), varint(2, 123456789)), str(4, "ctl"), str(7, "Started"), varint(15, 0)),
    want: { apiVersion: "events.k8s.io/v1", kind: "Event", metadata: { name: "e" }, eventTime: "2024-01-01T00:00:00.123456Z", reportingController: "ctl", reason: "Started" },
  },
  {
    name: "CustomResourceDefinition schemas decode doubles, raw JSON defaults and the schema unions.",
    body: envelope("apiextensions.k8s.io/v1", "CustomResourceDefinition", objectMeta(1, "widgets.example.com"), msg(2,
      str(1, "example.com"), msg(3, str(1, "widgets"), str(4, "Widget")), str(4, "Namespaced"),
      msg(7, str(1, "v1"), varint(2, true), varint(3, true), msg(4, msg(1,
        str(5, "object"),
        entry(29, "size", msg(2, str(5, "number"), double(9, 10.5), msg(8, bytes(1, Buffer.from("2.5"))))),
        entry(29, "tags", msg(2, str(5, "array"), msg(24, msg(1, str(5, "string"))))),
        entry(29, "any", msg(2, varint(38, true))),
        msg(30, varint(1, false)),
        entry(32, "size", msg(2, str(2, "tags"))),
      ))))),
    want: {
      apiVersion: "apiextensions.k8s.io/v1", kind: "CustomResourceDefinition", metadata: { name: "widgets.example.com" },
      spec: {
        group: "example.com", names: { plural: "widgets", kind: "Widget" }, scope: "Namespaced",
        versions: [{ name: "v1", served: true, storage: true, schema: { openAPIV3Schema: {
          type: "object",
          properties: {
            size: { type: "number", maximum: 10.5, default: 2.5 },
            tags: { type: "array", items: { type: "string" } },
            any: { "x-kubernetes-preserve-unknown-fields": true },
          },
          additionalProperties: false,
          dependencies: { size: ["tags"] },
        } } }],
      },
    },
  },
];

for (const c of cases) {
  test(c.name, () => {
    assert.deepEqual(decodeKubernetesProtobuf(c.body).object, c.want);
  });
}

const custom = createProtoRegistry([metaV1Proto, { id: "core.v1", types: { Timer: "metadata=1:meta.v1.ObjectMeta timeout=2:dur", Chain: "metadata=1:meta.v1.ObjectMeta next=2:Chain" } }]);

test("A metav1.Duration decodes to Go's duration string.", () => {
  const body = envelope("v1", "Timer", objectMeta(1, "t"), msg(2, varint(1, 90_500_000_000)));
  assert.deepEqual(decodeKubernetesProtobuf(body, undefined, custom).object, { apiVersion: "v1", kind: "Timer", metadata: { name: "t" }, timeout: "1m30.5s" });
});

test("Objects nested deeper than the limit are rejected instead of exhausting the stack.", () => {
  let chain: Buffer = Buffer.alloc(0);
  for (let i = 0; i < 250; i++) chain = msg(2, chain);
  assert.throws(() => decodeKubernetesProtobuf(envelope("v1", "Chain", chain), undefined, custom), (err: unknown) => err instanceof ProtobufDecodeError && /nested more than 200 levels/.test(err.message));
  // The same decoder still works afterwards.
  assert.deepEqual(decodeKubernetesProtobuf(envelope("v1", "Chain", msg(2)), undefined, custom).object, { apiVersion: "v1", kind: "Chain", next: {} });
});

test("An IntOrString with an unknown type is rejected.", () => {
  const body = envelope("v1", "Service", objectMeta(1, "s"), msg(2, msg(1, varint(3, 80), msg(4, varint(1, 7)))));
  assert.throws(() => decodeKubernetesProtobuf(body), /unknown IntOrString type 7/);
});

test("A RawExtension holding neither JSON nor protobuf is rejected.", () => {
  const body = envelope("apps/v1", "ControllerRevision", objectMeta(1, "r"), msg(2, bytes(1, Buffer.from("not json"))));
  assert.throws(() => decodeKubernetesProtobuf(body), /raw bytes are not JSON/);
});
