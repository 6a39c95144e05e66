import { test } from "node:test";
import assert from "node:assert/strict";
import { applyApproval, certificatesigningrequests as def, csrCondition } from "./certificatesigningrequests.js";
import type { CSRObject } from "./csr-validation.js";
import { message, testContext } from "../testing/hook-context.js";
import { isApiError } from "../errors.js";

const PEM = `-----BEGIN CERTIFICATE REQUEST-----
MIHYMIGAAgEAMB4xDjAMBgNVBAMMBWFsaWNlMQwwCgYDVQQKDANkZXYwWTATBgcq
hkjOPQIBBggqhkjOPQMBBwNCAASprzERXeLCQ2mzJRCY/3boRTz8eeT2kQYIxnJz
71ERCLKCOqa/KOBtZPk3TX+zlM+rUI32kRKFdpKqkx2DkRjYoAAwCgYIKoZIzj0E
AwIDRwAwRAIgdaYjzhTBs5uO3+IQbqcNA01Z9IBYQ4H8ylQgjLLI1a0CIHKR6sZM
iHaIk9vwuCPHenFU5M5m6tIvdKKysX7TvEx1
-----END CERTIFICATE REQUEST-----
`;
const b64 = (s: string) => Buffer.from(s).toString("base64");
const ctx = testContext({ user: { username: "alice", uid: "u-1", groups: ["dev", "system:authenticated"], extra: { scopes: ["a"] } } });

const csr = (spec: Partial<CSRObject["spec"]> = {}, status?: CSRObject["status"]): CSRObject => ({
  metadata: { name: "alice" },
  spec: { request: b64(PEM), signerName: "kubernetes.io/kube-apiserver-client", usages: ["client auth"], ...spec },
  status,
});

test("A PEM certificate request with a signer and usages is valid.", async () => assert.deepEqual(await def.validate!(csr(), ctx), []));

const invalid: { name: string; obj: CSRObject; want: string[] }[] = [
  { name: "A request that is not a CSR is refused.", obj: csr({ request: b64("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n") }), want: [`spec.request: Invalid value: ${JSON.stringify(b64("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"))}: PEM block type must be CERTIFICATE REQUEST`] },
  { name: "A request without a signer is refused.", obj: csr({ signerName: "" }), want: ["spec.signerName: Required value"] },
  { name: "The legacy signer is refused in v1.", obj: csr({ signerName: "kubernetes.io/legacy-unknown" }), want: ['spec.signerName: Invalid value: "kubernetes.io/legacy-unknown": the legacy signerName is not allowed via this API version'] },
  { name: "A request without usages is refused.", obj: csr({ usages: [] }), want: ["spec.usages: Required value"] },
  { name: "A duration under ten minutes is refused.", obj: csr({ expirationSeconds: 300 }), want: ["spec.expirationSeconds: Invalid value: 300: may not specify a duration less than 600 seconds (10 minutes)"] },
];
for (const c of invalid) {
  test(c.name, async () => assert.deepEqual((await def.validate!(c.obj, ctx)).map(message), c.want));
}

test("Creating a request records the requesting user and clears any status.", async () => {
  const obj = csr({ username: "mallory", groups: ["system:masters"] }, { conditions: [{ type: "Approved", status: "True" }] });
  await def.prepareForCreate!(obj, ctx);
  assert.deepEqual(
    { username: obj.spec.username, uid: obj.spec.uid, groups: obj.spec.groups, extra: obj.spec.extra, status: obj.status },
    { username: "alice", uid: "u-1", groups: ["dev", "system:authenticated"], extra: { scopes: ["a"] }, status: {} },
  );
});

test("Approval takes the request's conditions, as upstream's approval strategy, and stamps their times.", () => {
  const current = csr({}, { conditions: [{ type: "Custom", status: "True" }] });
  const incoming = csr({}, { conditions: [{ type: "Approved", status: "True", reason: "KubectlApprove" }, { type: "Custom", status: "False" }] });
  const next = applyApproval(current, incoming, ctx);
  assert.deepEqual(next.status?.conditions?.map((c) => [c.type, c.status, c.lastUpdateTime]), [
    ["Approved", "True", "2024-05-01T12:00:00Z"],
    ["Custom", "False", "2024-05-01T12:00:00Z"],
  ]);
});

test("Approving a denied request is refused.", () => {
  const current = csr({}, { conditions: [{ type: "Denied", status: "True" }] });
  const incoming = csr({}, { conditions: [{ type: "Denied", status: "True" }, { type: "Approved", status: "True" }] });
  assert.throws(() => applyApproval(current, incoming, ctx), (e: unknown) => isApiError(e, "Invalid") && e.message.includes("Approved and Denied conditions are mutually exclusive"));
});

test("Removing an approval is refused.", () => {
  const current = csr({}, { conditions: [{ type: "Approved", status: "True" }] });
  assert.throws(() => applyApproval(current, csr({}, { conditions: [] }), ctx), (e: unknown) => isApiError(e, "Invalid") && e.message.includes('updates may not remove a condition of type "Approved"'));
});

test("A status update cannot approve and cannot issue before approval.", async () => {
  const old = csr({}, {});
  const next = csr({}, { conditions: [{ type: "Approved", status: "True" }], certificate: b64("not pem") });
  def.prepareForStatusUpdate!(next, old, ctx);
  assert.deepEqual(next.status?.conditions, []);
  const msgs = (await def.validateStatusUpdate!(next, old, ctx)).map(message);
  assert.deepEqual(msgs, [
    'status.certificate: Invalid value: "<certificate data>": certificate issuance requires the Approved condition',
    'status.certificate: Invalid value: "<certificate data>": must contain at least one CERTIFICATE PEM block',
  ]);
});

const conditions: { name: string; status: CSRObject["status"]; want: string }[] = [
  { name: "A fresh request is Pending.", status: {}, want: "Pending" },
  { name: "An approved and issued request shows both.", status: { conditions: [{ type: "Approved", status: "True" }], certificate: "eA==" }, want: "Approved,Issued" },
  { name: "Denied wins over Approved, and Failed is appended.", status: { conditions: [{ type: "Approved", status: "True" }, { type: "Denied", status: "True" }, { type: "Failed", status: "True" }] }, want: "Denied,Failed" },
];
for (const c of conditions) {
  test(c.name, () => assert.equal(csrCondition(csr({}, c.status)), c.want));
}

test("The table shows signer, requestor and requested duration.", () => {
  const obj = csr({ username: "alice", expirationSeconds: 86400 });
  const cells = Object.fromEntries(def.columns!.map((c) => [c.name, c.cell(obj, { now: 0 })]));
  assert.deepEqual([cells.SignerName, cells.Requestor, cells.RequestedDuration, cells.Condition], ["kubernetes.io/kube-apiserver-client", "alice", "24h", "Pending"]);
});
