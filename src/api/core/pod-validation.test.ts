import { test } from "node:test";
import assert from "node:assert/strict";
import { fieldErrorMessage, path } from "../validation/field.js";
import { setPodDefaults } from "./pod-defaults.js";
import type { Pod, PodSpec } from "./pod-types.js";
import { validatePodSpecUpdate } from "./pod-update-validation.js";
import { validatePodSpec } from "./pod-validation.js";

function validPod(spec: Partial<PodSpec> = {}): Pod {
  const pod: Pod = { metadata: { name: "p" }, spec: { containers: [{ name: "web", image: "nginx:1" }], ...spec } };
  setPodDefaults(pod);
  return pod;
}

const messages = (spec: PodSpec) => validatePodSpec(spec, path("spec")).map(fieldErrorMessage);

const cases: { name: string; mutate: (s: PodSpec) => void; want: string }[] = [
  { name: "A pod needs containers.", mutate: (s) => (s.containers = []), want: "spec.containers: Required value" },
  { name: "A container needs an image.", mutate: (s) => (s.containers[0].image = ""), want: "spec.containers[0].image: Required value" },
  {
    name: "Container names are DNS-1123 labels.",
    mutate: (s) => (s.containers[0].name = "Web"),
    want: `spec.containers[0].name: Invalid value: "Web": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
  },
  { name: "Container names are unique.", mutate: (s) => s.containers.push({ ...s.containers[0] }), want: 'spec.containers[1].name: Duplicate value: "web"' },
  { name: "restartPolicy is one of three.", mutate: (s) => (s.restartPolicy = "Sometimes"), want: 'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"' },
  {
    name: "dnsPolicy is one of four.",
    mutate: (s) => (s.dnsPolicy = "Google"),
    want: 'spec.dnsPolicy: Unsupported value: "Google": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"',
  },
  {
    name: "imagePullPolicy is one of three.",
    mutate: (s) => (s.containers[0].imagePullPolicy = "Sometimes"),
    want: 'spec.containers[0].imagePullPolicy: Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"',
  },
  { name: "Container ports are in range.", mutate: (s) => (s.containers[0].ports = [{ containerPort: 70000, protocol: "TCP" }]), want: "spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive" },
  {
    name: "Port names are IANA service names.",
    mutate: (s) => (s.containers[0].ports = [{ name: "http_port", containerPort: 80, protocol: "TCP" }]),
    want: 'spec.containers[0].ports[0].name: Invalid value: "http_port": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
  },
  {
    name: "Environment variable names are printable and have no '='.",
    mutate: (s) => (s.containers[0].env = [{ name: "A=B", value: "x" }]),
    want: `spec.containers[0].env[0].name: Invalid value: "A=B": a valid environment variable name must consist only of printable ASCII characters other than '='`,
  },
  { name: "Volume mounts refer to volumes.", mutate: (s) => (s.containers[0].volumeMounts = [{ name: "data", mountPath: "/data" }]), want: 'spec.containers[0].volumeMounts[0].name: Not found: "data"' },
  {
    name: "Volume names are unique.",
    mutate: (s) => (s.volumes = [{ name: "v", emptyDir: {} }, { name: "v", emptyDir: {} }]),
    want: 'spec.volumes[1].name: Duplicate value: "v"',
  },
  {
    name: "A volume has exactly one source.",
    mutate: (s) => (s.volumes = [{ name: "v", emptyDir: {}, configMap: { name: "c" } }]),
    want: "spec.volumes[0].configMap: Forbidden: may not specify more than 1 volume type",
  },
  {
    name: "Requests may not exceed limits.",
    mutate: (s) => (s.containers[0].resources = { requests: { cpu: "2" }, limits: { cpu: "1" } }),
    want: 'spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1',
  },
  {
    name: "Quantities must parse.",
    mutate: (s) => (s.containers[0].resources = { requests: { memory: "lots" } }),
    want: `spec.containers[0].resources.requests[memory]: Invalid value: "lots": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`,
  },
  { name: "Container resources are standard ones.", mutate: (s) => (s.containers[0].resources = { limits: { gpu: "1" } }), want: 'spec.containers[0].resources.limits[gpu]: Invalid value: "gpu": must be a standard resource for containers' },
  {
    name: "Node selector values are label values.",
    mutate: (s) => (s.nodeSelector = { disk: "fast ssd" }),
    want: `spec.nodeSelector: Invalid value: "fast ssd": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
  },
  {
    name: "A toleration without a key must use Exists.",
    mutate: (s) => (s.tolerations = [{ operator: "Equal", value: "x" }]),
    want: 'spec.tolerations[0].operator: Invalid value: "Equal": operator must be Exists when `key` is empty, which means "match all values and all keys"',
  },
  {
    name: "tolerationSeconds needs the NoExecute effect.",
    mutate: (s) => (s.tolerations = [{ key: "k", operator: "Exists", effect: "NoSchedule", tolerationSeconds: 5 }]),
    want: `spec.tolerations[0].effect: Invalid value: "NoSchedule": effect must be 'NoExecute' when \`tolerationSeconds\` is set`,
  },
  {
    name: "The hostname is a DNS-1123 label.",
    mutate: (s) => (s.hostname = "a.b"),
    want: 'spec.hostname: Invalid value: "a.b": must not contain dots',
  },
  { name: "activeDeadlineSeconds is positive.", mutate: (s) => (s.activeDeadlineSeconds = 0), want: "spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive" },
];

for (const c of cases) {
  test(c.name, () => {
    const pod = validPod();
    c.mutate(pod.spec!);
    assert.ok(messages(pod.spec!).includes(c.want), `got ${JSON.stringify(messages(pod.spec!))}`);
  });
}

test("A defaulted simple pod is valid.", () => {
  assert.deepEqual(messages(validPod({ volumes: [{ name: "data" }], tolerations: [{ key: "k", operator: "Exists", effect: "NoExecute", tolerationSeconds: 3 }] }).spec!), []);
});

const updates: { name: string; mutate: (s: PodSpec) => void; want?: string }[] = [
  { name: "Changing an image is allowed.", mutate: (s) => (s.containers[0].image = "nginx:2") },
  { name: "Adding a toleration is allowed.", mutate: (s) => (s.tolerations = [...(s.tolerations ?? []), { key: "a", operator: "Exists" }]) },
  { name: "Lowering activeDeadlineSeconds is allowed.", mutate: (s) => (s.activeDeadlineSeconds = 10) },
  { name: "Adding a container is refused.", mutate: (s) => s.containers.push({ name: "b", image: "x" }), want: "spec.containers: Forbidden: pod updates may not add or remove containers" },
  { name: "Changing a toleration is refused.", mutate: (s) => (s.tolerations = [{ key: "t", operator: "Exists", effect: "NoSchedule" }]), want: "spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds" },
  { name: "Raising activeDeadlineSeconds is refused.", mutate: (s) => (s.activeDeadlineSeconds = 100), want: "spec.activeDeadlineSeconds: Invalid value: 100: must be less than or equal to previous value" },
];

for (const u of updates) {
  test(u.name, () => {
    const old = validPod({ activeDeadlineSeconds: 50, tolerations: [{ key: "t", operator: "Exists", effect: "NoExecute" }] });
    const next = structuredClone(old);
    u.mutate(next.spec!);
    const msgs = validatePodSpecUpdate(next, old).map(fieldErrorMessage);
    if (u.want) assert.ok(msgs.includes(u.want), `got ${JSON.stringify(msgs)}`);
    else assert.deepEqual(msgs, []);
  });
}

test("Changing any other field is refused with upstream's message and a diff.", () => {
  const old = validPod();
  const next = structuredClone(old);
  next.spec!.containers[0].ports = [{ containerPort: 80, protocol: "TCP" }];
  const [err] = validatePodSpecUpdate(next, old);
  assert.equal(err.field, "spec");
  assert.ok(
    err.detail.startsWith(
      "pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)\n  core.PodSpec{",
    ),
  );
  assert.match(err.detail, /\+ \tcontainers\[0\]\.ports: \[\{"containerPort":80,"protocol":"TCP"\}\]/);
});
