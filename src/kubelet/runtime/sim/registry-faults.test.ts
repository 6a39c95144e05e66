import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseImageRef, registryFailure } from "./registry-faults.js";

describe("registry faults", () => {
  it("normalises image references as containerd does", () => {
    assert.deepEqual(parseImageRef("nginx"), { host: "docker.io", repository: "library/nginx", tag: "latest", ref: "docker.io/library/nginx:latest" });
    assert.deepEqual(parseImageRef("bitnami/redis:7"), { host: "docker.io", repository: "bitnami/redis", tag: "7", ref: "docker.io/bitnami/redis:7" });
    assert.deepEqual(parseImageRef("localhost:5000/a/b:1"), { host: "localhost:5000", repository: "a/b", tag: "1", ref: "localhost:5000/a/b:1" });
  });

  it("refuses pulls from the faulted registry only, with containerd's words", () => {
    const faults = [{ host: "registry.example", reason: "Unreachable" as const }];
    assert.equal(registryFailure("nginx:1.27", faults), undefined);
    assert.equal(
      registryFailure("registry.example/app:2", faults)?.message,
      'rpc error: code = Unknown desc = failed to pull and unpack image "registry.example/app:2": failed to resolve reference "registry.example/app:2": failed to do request: Head "https://registry.example/v2/app/manifests/2": dial tcp registry.example:443: i/o timeout',
    );
    assert.match(registryFailure("nginx", [{ reason: "Unauthorized" }])!.message, /https:\/\/registry-1\.docker\.io\/token\?scope=repository%3Alibrary%2Fnginx%3Apull&service=registry-1\.docker\.io: 401 Unauthorized$/);
  });
});
