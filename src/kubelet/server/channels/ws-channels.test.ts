import { test } from "node:test";
import assert from "node:assert/strict";
import { channelProtocol, decodeChannelMessage, encodeChannelMessage, selectChannelProtocol, statusJson } from "./ws-channels.js";

test("The newest channel protocol the client offers is chosen; none offered means channel.k8s.io.", () => {
  assert.equal(selectChannelProtocol(new Set(["v4.channel.k8s.io", "v5.channel.k8s.io"])), "v5.channel.k8s.io");
  assert.equal(selectChannelProtocol(new Set(["v4.channel.k8s.io"])), "v4.channel.k8s.io");
  assert.equal(selectChannelProtocol(new Set()), "channel.k8s.io");
  assert.equal(selectChannelProtocol(new Set(["unknown"])), false);
});

test("Binary protocols prefix the channel byte; base64 ones a digit and base64 data.", () => {
  const v5 = channelProtocol("v5.channel.k8s.io")!;
  assert.deepEqual(encodeChannelMessage(v5, 1, Buffer.from("hi\n")), Buffer.from([1, 0x68, 0x69, 0x0a]));
  assert.deepEqual(decodeChannelMessage(v5, Buffer.from([0, 0x61]), true), { channel: 0, data: Buffer.from("a") });
  const b64 = channelProtocol("v4.base64.channel.k8s.io")!;
  assert.equal(encodeChannelMessage(b64, 2, Buffer.from("err")), "2ZXJy");
  assert.deepEqual(decodeChannelMessage(b64, Buffer.from("0aGk="), false), { channel: 0, data: Buffer.from("hi") });
});

test("The v4 error channel carries a Status: success, or NonZeroExitCode with the exit code as a cause.", () => {
  assert.equal(statusJson({ status: "Success" }), '{"metadata":{},"status":"Success"}');
  const failure = JSON.parse(statusJson({ status: "Failure", reason: "NonZeroExitCode", message: "command terminated with non-zero exit code: exit status 3", exitCode: 3 }));
  assert.deepEqual(failure, {
    metadata: {},
    status: "Failure",
    message: "command terminated with non-zero exit code: exit status 3",
    reason: "NonZeroExitCode",
    details: { causes: [{ reason: "ExitCode", message: "3" }] },
  });
});
