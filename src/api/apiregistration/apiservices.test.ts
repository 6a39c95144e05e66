import { test } from "node:test";
import assert from "node:assert/strict";
import { apiservices as def, type APIServiceObject } from "./apiservices.js";
import { message, testContext } from "../testing/hook-context.js";

const ctx = testContext();
const svc = (name: string, spec: APIServiceObject["spec"], status?: APIServiceObject["status"]): APIServiceObject => ({ metadata: { name }, spec, status });
const remote = { service: { namespace: "kube-system", name: "metrics-server", port: 443 }, group: "metrics.k8s.io", version: "v1beta1", groupPriorityMinimum: 100, versionPriority: 100, insecureSkipTLSVerify: true };

test("A remote APIService named version.group is valid.", async () => assert.deepEqual(await def.validate!(svc("v1beta1.metrics.k8s.io", remote), ctx), []));

const invalid: { name: string; obj: APIServiceObject; want: string[] }[] = [
  { name: "The name must be version.group.", obj: svc("metrics", remote), want: ['metadata.name: Invalid value: "metrics": must be `spec.version+"."+spec.group`: "v1beta1.metrics.k8s.io"'] },
  { name: "Priorities must be positive.", obj: svc("v1beta1.metrics.k8s.io", { ...remote, versionPriority: 0 }), want: ["spec.versionPriority: Invalid value: 0: must be positive and less than 1000"] },
  { name: "A local APIService may not skip TLS verification.", obj: svc("v1.apps", { group: "apps", version: "v1", groupPriorityMinimum: 17800, versionPriority: 15, insecureSkipTLSVerify: true }), want: ["spec.insecureSkipTLSVerify: Invalid value: true: local APIServices may not have insecureSkipTLSVerify"] },
];
for (const c of invalid) {
  test(c.name, async () => assert.deepEqual((await def.validate!(c.obj, ctx)).map(message), c.want));
}

test("A name without a dot is refused by the name validator.", () => {
  assert.deepEqual(def.validateName!("metrics", false), ["must be in the form: <version>.<group>"]);
});

test("The service port defaults to 443.", () => {
  const obj = svc("v1beta1.metrics.k8s.io", { ...remote, service: { namespace: "kube-system", name: "metrics-server" } });
  def.defaults!(obj);
  assert.equal(obj.spec!.service!.port, 443);
});

const tables: { name: string; obj: APIServiceObject; want: [string, string] }[] = [
  { name: "A local service prints Local and True.", obj: svc("v1.apps", { group: "apps", version: "v1" }, { conditions: [{ type: "Available", status: "True", reason: "Local" }] }), want: ["Local", "True"] },
  { name: "A failing remote service prints its reason.", obj: svc("v1beta1.metrics.k8s.io", remote, { conditions: [{ type: "Available", status: "False", reason: "FailedDiscoveryCheck" }] }), want: ["kube-system/metrics-server", "False (FailedDiscoveryCheck)"] },
  { name: "A service without conditions prints Unknown.", obj: svc("v1beta1.metrics.k8s.io", remote), want: ["kube-system/metrics-server", "Unknown"] },
];
for (const c of tables) {
  test(c.name, () => assert.deepEqual(def.columns!.slice(0, 2).map((col) => col.cell(c.obj, { now: 0 })), c.want));
}
