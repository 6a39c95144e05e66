import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { openContainerLog } from "./container-log.js";
import { createMemoryFilesystem } from "./memory-filesystem.js";

describe("container log", () => {
  it("writes CRI lines from text and from bytes split inside a character, each stream on its own", () => {
    const fs = createMemoryFilesystem();
    const log = openContainerLog(fs, "/var/log/pods/ns_p_u/c/0.log");
    const at = Date.UTC(2026, 0, 1, 0, 0, 5, 123);
    const bytes = new TextEncoder().encode("héllo\n");
    log.write("stdout", bytes.slice(0, 2), at);
    log.write("stderr", "oops\n", at);
    log.write("stdout", bytes.slice(2), at);
    log.write("stdout", "tail", at);
    log.close(at);
    assert.equal(
      Buffer.from(fs.readFile("/var/log/pods/ns_p_u/c/0.log")!).toString(),
      ["2026-01-01T00:00:05.123000000Z stderr F oops", "2026-01-01T00:00:05.123000000Z stdout F héllo", "2026-01-01T00:00:05.123000000Z stdout F tail", ""].join("\n"),
    );
  });
});
