import { test } from "node:test";
import assert from "node:assert/strict";
import type { ApiError } from "../errors.js";
import type { ConnectRequest, KubeletTarget, KubeObject, SubresourceRegistry, SubresourceRequest } from "../types.js";
import { testContext } from "../testing/hook-context.js";
import { execSubresource, logSubresource, portForwardSubresource, splitNodeProxyName } from "./pod-connect.js";
import type { PodObject } from "./pod-types.js";

const node: KubeObject = { metadata: { name: "n1" }, status: { addresses: [{ type: "InternalIP", address: "172.16.0.5" }] } };

function pod(nodeName?: string, containers = ["c"]): PodObject {
  return { metadata: { name: "p", namespace: "default" }, spec: { nodeName, containers: containers.map((name) => ({ name, image: "x" })) } };
}

/** A request with a connector that records where it was sent. */
function request(query: string, upgrade = true): { req: SubresourceRequest; sent: { node: KubeObject; target: KubeletTarget }[] } {
  const sent: { node: KubeObject; target: KubeletTarget }[] = [];
  const http: ConnectRequest = { method: "POST", headers: {}, signal: new AbortController().signal, ...(upgrade ? { upgrade: { socket: {} as never, head: Buffer.alloc(0) } } : {}) };
  const ctx = testContext({
    services: {
      getObject: async (_g, resource, _ns, name) => (resource === "nodes" && name === "n1" ? node : undefined),
      kubelet: { proxy: async (n, target) => void sent.push({ node: n, target }) },
    },
  });
  return { req: { verb: "connect", namespace: "default", name: "p", query: new URLSearchParams(query), ctx, http }, sent };
}

const registry = (p: PodObject): SubresourceRegistry => ({ get: async () => p, update: async () => p, delete: async () => p });

test("exec goes to the kubelet's /exec with its parameter names.", async () => {
  const { req, sent } = request("command=ls&command=-l&stdin=true&stdout=true&tty=false");
  await execSubresource.handler(req, registry(pod("n1")));
  assert.equal(sent[0].target.path, "/exec/default/p/c");
  assert.equal(sent[0].target.query.toString(), "input=1&output=1&command=ls&command=-l");
});

test("exec on a pod without a node is refused as upstream.", async () => {
  const { req } = request("command=ls&stdout=true");
  await assert.rejects(execSubresource.handler(req, registry(pod())), (e: ApiError) => e.code === 400 && e.message === "pod p does not have a host assigned");
});

test("exec needs an upgrade and a command; a container must be named among several.", async () => {
  await assert.rejects(execSubresource.handler(request("command=ls", false).req, registry(pod("n1"))), (e: ApiError) => e.message === "Upgrade request required");
  await assert.rejects(execSubresource.handler(request("stdout=true").req, registry(pod("n1"))), (e: ApiError) => e.message === "you must specify at least 1 command");
  await assert.rejects(execSubresource.handler(request("command=ls").req, registry(pod("n1", ["a", "b"]))), (e: ApiError) => e.message === "a container name must be specified for pod p, choose one of: [a b]");
});

test("log options are validated as upstream's PodLogOptions; valid ones go to /containerLogs.", async () => {
  await assert.rejects(logSubresource.handler(request("tailLines=-1").req, registry(pod("n1"))), (e: ApiError) => e.code === 422 && /PodLogOptions "p" is invalid: tailLines: Invalid value: -1: must be greater than or equal to 0/.test(e.message));
  await assert.rejects(logSubresource.handler(request("limitBytes=0").req, registry(pod("n1"))), (e: ApiError) => /limitBytes: Invalid value: 0: must be greater than 0/.test(e.message));
  const { req, sent } = request("follow=true&tailLines=5&container=c");
  await logSubresource.handler(req, registry(pod("n1")));
  assert.equal(sent[0].target.path, "/containerLogs/default/p/c");
  assert.equal(sent[0].target.query.toString(), "follow=true&tailLines=5");
  assert.deepEqual(sent[0].target.checkStatus, { group: "", resource: "pods/log", name: "p" });
});

test("portforward passes the ports on.", async () => {
  const { req, sent } = request("ports=8080&ports=9090");
  await portForwardSubresource.handler(req, registry(pod("n1")));
  assert.equal(sent[0].target.path, "/portForward/default/p");
  assert.equal(sent[0].target.query.toString(), "port=8080&port=9090");
});

test("a node proxy names the node, optionally with the kubelet's port and a scheme", () => {
    assert.deepEqual(splitNodeProxyName("node-1"), { name: "node-1", port: undefined });
    assert.deepEqual(splitNodeProxyName("node-1:10250"), { name: "node-1", port: 10250 });
    assert.deepEqual(splitNodeProxyName("https:node-1:10250"), { name: "node-1", port: 10250 });
    assert.throws(() => splitNodeProxyName("a:b:c:d"), /invalid node request/);
    assert.throws(() => splitNodeProxyName("node-1:99999"), /invalid node request/);
});
