import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { createClient, createLoopbackTransport } from "../../client/index.js";
import { CLUSTERROLEBINDINGS } from "../../client/resources.js";
import type { UserInfo } from "../../api/types.js";
import { createCertificateAuthority, createCertificateRequest, inspectCertificate } from "../../pki/index.js";
import { startControllerTestEnv, type ControllerTestEnv } from "../shared/controller-test-env.js";
import { certificateDurationMs, createCSRApprovingController, createCSRCleanerController, createCSRSigningController, csrGarbageReason, CSRS, type CSRObject } from "./index.js";

/** A kubeadm bootstrap token's user: its extra group is what kubeadm's join bindings name. */
const BOOTSTRAP: UserInfo = { username: "system:bootstrap:abcdef", groups: ["system:bootstrappers", "system:bootstrappers:kubeadm:default-node-token", "system:authenticated"] };
/** A user who may submit requests (system:node-bootstrapper) but whom the review refuses a node client certificate. */
const NOBODY: UserInfo = { username: "nobody", groups: ["system:authenticated"] };

describe("certificate controllers", () => {
  let env: ControllerTestEnv;
  let caPem: string;

  const submit = async (user: UserInfo, name: string, o: { cn?: string; org?: string[]; signer?: string; usages?: string[]; expirationSeconds?: number } = {}) => {
    const { csrPem } = await createCertificateRequest({ commonName: o.cn ?? "system:node:n1", organizations: o.org ?? ["system:nodes"] });
    const client = createClient({ transport: createLoopbackTransport(env.server, user), identity: user.username });
    const spec: Record<string, unknown> = { request: Buffer.from(csrPem).toString("base64"), signerName: o.signer ?? "kubernetes.io/kube-apiserver-client-kubelet", usages: o.usages ?? ["digital signature", "client auth"] };
    if (o.expirationSeconds) spec.expirationSeconds = o.expirationSeconds;
    return client.create<CSRObject>(CSRS, undefined, { apiVersion: "certificates.k8s.io/v1", kind: "CertificateSigningRequest", metadata: { name }, spec } as unknown as CSRObject);
  };
  const get = (name: string) => env.client.get<CSRObject>(CSRS, undefined, name);

  before(async () => {
    env = await startControllerTestEnv();
    const ca = await createCertificateAuthority({ clock: env.clock });
    caPem = ca.certPem;
    env.ctx.options.clusterSigning = ca;
    env.ctx.options.clusterSigningDurationMs = 30 * 24 * 3600_000;
    await env.client.create(CLUSTERROLEBINDINGS, undefined, { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRoleBinding", metadata: { name: "nobody-submits" }, roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "system:node-bootstrapper" }, subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: "nobody" }] } as never);
    env.run(createCSRApprovingController(env.ctx), createCSRSigningController(env.ctx));
  });
  after(() => env.stop());

  it("auto-approves a bootstrap token's kubelet client request with upstream's reason, and signs it with the CA", async () => {
    await submit(BOOTSTRAP, "node-csr-1");
    const csr = await env.until("issued", async () => ((await get("node-csr-1")).status?.certificate ? get("node-csr-1") : undefined));
    const approved = csr.status!.conditions!.find((c) => c.type === "Approved")!;
    assert.equal(approved.reason, "AutoApproved");
    assert.equal(approved.message, "Auto approving kubelet client certificate after SubjectAccessReview.");
    const cert = new X509Certificate(Buffer.from(csr.status!.certificate!, "base64"));
    assert.ok(cert.verify(new X509Certificate(caPem).publicKey));
    const info = inspectCertificate(cert);
    assert.equal(info.commonName, "system:node:n1");
    assert.deepEqual(info.organizations, ["system:nodes"]);
    // --cluster-signing-duration caps the lifetime (30 days here), backdated by 5 minutes.
    assert.equal(info.notAfter.getTime() - info.notBefore.getTime(), 30 * 24 * 3600_000 + 5 * 60_000);
  });

  it("approves a node renewing its own certificate as selfnodeclient", async () => {
    await submit({ username: "system:node:n1", groups: ["system:nodes", "system:authenticated"] }, "node-csr-self");
    const csr = await env.until("approved", async () => ((await get("node-csr-self")).status?.conditions?.length ? get("node-csr-self") : undefined));
    assert.equal(csr.status!.conditions![0].message, "Auto approving self kubelet client certificate after SubjectAccessReview.");
  });

  it("leaves requests alone when the review refuses, or when they are not kubelet client requests", async () => {
    await submit(NOBODY, "refused");
    await submit(BOOTSTRAP, "other-signer", { cn: "someone", org: [], signer: "kubernetes.io/kube-apiserver-client" });
    await submit(BOOTSTRAP, "wrong-org", { org: ["system:masters"] });
    for (let i = 0; i < 20; i++) await env.settle();
    for (const n of ["refused", "other-signer", "wrong-org"]) assert.equal((await get(n)).status?.conditions, undefined, n);
  });

  it("signs what a human approved, honouring expirationSeconds", async () => {
    const csr = await submit(BOOTSTRAP, "human", { cn: "jane", org: ["dev"], signer: "kubernetes.io/kube-apiserver-client", expirationSeconds: 3600 });
    await env.client.update(CSRS, undefined, { ...csr, status: { conditions: [{ type: "Approved", status: "True", reason: "KubectlApprove", message: "This CSR was approved by kubectl certificate approve." }] } } as CSRObject, { subresource: "approval" });
    const done = await env.until("issued", async () => ((await get("human")).status?.certificate ? get("human") : undefined));
    const info = inspectCertificate(Buffer.from(done.status!.certificate!, "base64"));
    assert.equal(info.commonName, "jane");
    assert.equal(info.notAfter.getTime() - info.notBefore.getTime(), 3600_000 + 5 * 60_000);
  });

  it("fails an approved request its signer must refuse (SignerValidationFailure)", async () => {
    const csr = await submit(BOOTSTRAP, "bad-usage", { cn: "jane", org: [], signer: "kubernetes.io/kube-apiserver-client", usages: ["digital signature", "server auth"] });
    await env.client.update(CSRS, undefined, { ...csr, status: { conditions: [{ type: "Approved", status: "True", reason: "KubectlApprove", message: "ok" }] } } as CSRObject, { subresource: "approval" });
    const failed = await env.until("failed", async () => (await get("bad-usage")).status?.conditions?.find((c) => c.type === "Failed"));
    assert.equal(failed.reason, "SignerValidationFailure");
    assert.equal(failed.message, "invalid usage for client certificate: server auth");
  });
});

describe("csrcleaner", () => {
  const HOUR = 3600_000;
  const base = (extra: Partial<CSRObject>): CSRObject => ({ apiVersion: "certificates.k8s.io/v1", kind: "CertificateSigningRequest", metadata: { name: "x", creationTimestamp: new Date(0).toISOString() }, spec: { request: "", signerName: "s", usages: [] }, ...extra }) as CSRObject;
  const decided = (type: string, at: number) => base({ status: { conditions: [{ type, status: "True", lastUpdateTime: new Date(at).toISOString() }] } });

  it("keeps decisions an hour and pending requests a day, as upstream", () => {
    assert.equal(csrGarbageReason(decided("Approved", 0), HOUR - 1), undefined);
    assert.match(csrGarbageReason(decided("Approved", 0), HOUR + 1)!, /approved/);
    assert.match(csrGarbageReason(decided("Denied", 0), HOUR + 1)!, /denied/);
    assert.match(csrGarbageReason(decided("Failed", 0), HOUR + 1)!, /failed/);
    assert.equal(csrGarbageReason(base({}), 24 * HOUR - 1), undefined);
    assert.match(csrGarbageReason(base({}), 24 * HOUR + 1)!, /pending/);
  });

  it("deletes old requests when it runs", async () => {
    const env = await startControllerTestEnv();
    try {
      await env.client.create(CSRS, undefined, { apiVersion: "certificates.k8s.io/v1", kind: "CertificateSigningRequest", metadata: { name: "old" }, spec: { request: Buffer.from((await createCertificateRequest({ commonName: "a" })).csrPem).toString("base64"), signerName: "example.com/x", usages: ["client auth"] } } as CSRObject);
      env.run(createCSRCleanerController(env.ctx));
      await env.settle();
      assert.ok(await env.client.get(CSRS, undefined, "old"));
      await env.until("deleted", async () => (await env.client.list(CSRS)).items.length === 0, 3600_000);
    } finally {
      await env.stop();
    }
  });

  it("caps a certificate's duration by the signing duration", () => {
    assert.equal(certificateDurationMs(undefined, 1000), 1000);
    assert.equal(certificateDurationMs(600, 3600_000), 600_000);
    assert.equal(certificateDurationMs(7200, 3600_000), 3600_000);
  });
});
