import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Pod } from "../../api/core/pod-types.js";
import { configMapPayload, downwardAPIPayload, secretPayload } from "./volume-payloads.js";

const text = (p: Map<string, { data: Uint8Array; mode: number }>) => Object.fromEntries([...p].map(([k, v]) => [k, [Buffer.from(v.data).toString(), v.mode.toString(8)]]));
const facts = { hostIPs: ["172.16.0.5"], podIPs: ["10.244.0.9"], nodeAllocatable: { cpu: "4", memory: "16Gi" } };

describe("volume payloads", () => {
  it("projects every ConfigMap key, binary data included, with the default mode", () => {
    const p = configMapPayload({ data: { a: "1" }, binaryData: { b: Buffer.from("bin").toString("base64") } }, undefined, 0o644, false);
    assert.deepEqual(text(p), { a: ["1", "644"], b: ["bin", "644"] });
  });

  it("projects listed items at their paths and modes, and refuses a missing key unless optional", () => {
    const cm = { data: { a: "1", b: "2" } };
    assert.deepEqual(text(configMapPayload(cm, [{ key: "a", path: "dir/a.txt", mode: 0o400 }], 0o644, false)), { "dir/a.txt": ["1", "400"] });
    assert.throws(() => configMapPayload(cm, [{ key: "zz", path: "zz" }], 0o644, false), /configmap references non-existent config key: zz/);
    assert.deepEqual(text(configMapPayload(cm, [{ key: "zz", path: "zz" }], 0o644, true)), {});
  });

  it("decodes Secret data", () => {
    assert.deepEqual(text(secretPayload({ data: { pw: Buffer.from("s3cret").toString("base64") } }, undefined, 0o440, false)), { pw: ["s3cret", "440"] });
  });

  it("writes downward API fields and container resources", () => {
    const pod: Pod = {
      metadata: { name: "web", namespace: "ns", uid: "u", labels: { b: "2", a: "1" }, annotations: { note: "x" } },
      spec: { containers: [{ name: "app", resources: { limits: { memory: "128Mi" } } }] },
    };
    const p = downwardAPIPayload(
      pod,
      facts,
      [
        { path: "labels", fieldRef: { fieldPath: "metadata.labels" } },
        { path: "name", fieldRef: { fieldPath: "metadata.name" } },
        { path: "mem", resourceFieldRef: { containerName: "app", resource: "limits.memory", divisor: "1Mi" } },
        { path: "cpu", resourceFieldRef: { containerName: "app", resource: "limits.cpu" } },
      ],
      0o644,
    );
    assert.deepEqual(text(p), { labels: ['a="1"\nb="2"', "644"], name: ["web", "644"], mem: ["128", "644"], cpu: ["4", "644"] });
  });
});
