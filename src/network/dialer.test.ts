import { test } from "node:test";
import assert from "node:assert/strict";
import net from "node:net";
import { createSimulatedNetwork } from "./dialer.js";

test("A registered address dials the real listener behind it; unregistering removes the route.", async () => {
  const server = net.createServer((s) => s.end("hi"));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const port = (server.address() as net.AddressInfo).port;
  const network = createSimulatedNetwork();
  const unregister = network.register("172.16.0.5", 10250, { host: "127.0.0.1", port });
  const socket = await network.dial("172.16.0.5", 10250);
  const text = await new Promise<string>((r) => {
    let t = "";
    socket.on("data", (d) => (t += d));
    socket.on("end", () => r(t));
  });
  assert.equal(text, "hi");
  unregister();
  assert.equal(network.resolve("172.16.0.5", 10250), undefined);
  server.close();
});

test("A refused dial is worded as Go's net.Dial error.", async () => {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((r) => server.close(() => r()));
  const network = createSimulatedNetwork();
  network.register("172.16.0.9", 10250, { host: "127.0.0.1", port });
  await assert.rejects(network.dial("172.16.0.9", 10250), { message: "dial tcp 172.16.0.9:10250: connect: connection refused" });
});
