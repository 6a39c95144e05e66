import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { AuthorizationAttributes } from "../../api/types.js";
import { createCertificateApprovalAdmission, createCertificateSigningAdmission, createCertificateSubjectRestrictionAdmission } from "./certificates.js";
import { createDefaultIngressClassAdmission, createDefaultStorageClassAdmission } from "./default-classes.js";
import { createPersistentVolumeClaimResizeAdmission } from "./pvc-resize.js";
import { attrs, fakeLookup, refusal } from "./testing/fake-lookup.js";
import { generateKey, loadX509 } from "../../pki/index.js";

const cls = (name: string, created: string, annotation: string) => ({ metadata: { name, creationTimestamp: created, annotations: { [annotation]: "true" } } });

describe("DefaultStorageClass and DefaultIngressClass", () => {
  it("a claim without a class gets the newest default one; one with a class (even empty) keeps it", async () => {
    const lookup = fakeLookup({
      "storage.k8s.io/storageclasses//old": cls("old", "2024-01-01T00:00:00Z", "storageclass.kubernetes.io/is-default-class"),
      "storage.k8s.io/storageclasses//new": cls("new", "2024-06-01T00:00:00Z", "storageclass.beta.kubernetes.io/is-default-class"),
    });
    const claim = (spec: Record<string, unknown>) => ({ metadata: { name: "c", namespace: "ns" }, spec });
    const plain = claim({});
    await createDefaultStorageClassAdmission(lookup).admit!(attrs("", "persistentvolumeclaims", plain));
    assert.equal(plain.spec.storageClassName, "new");
    const empty = claim({ storageClassName: "" });
    await createDefaultStorageClassAdmission(lookup).admit!(attrs("", "persistentvolumeclaims", empty));
    assert.equal(empty.spec.storageClassName, "");
  });

  it("an ingress without a class gets the default IngressClass", async () => {
    const lookup = fakeLookup({ "networking.k8s.io/ingressclasses//nginx": cls("nginx", "2024-01-01T00:00:00Z", "ingressclass.kubernetes.io/is-default-class") });
    const ing = { metadata: { name: "i", namespace: "ns" }, spec: {} as Record<string, unknown> };
    await createDefaultIngressClassAdmission(lookup).admit!(attrs("networking.k8s.io", "ingresses", ing));
    assert.equal(ing.spec.ingressClassName, "nginx");
  });
});

describe("PersistentVolumeClaimResize", () => {
  const claim = (storage: string, phase: string, storageClassName = "fast") => ({ metadata: { name: "data", namespace: "ns" }, spec: { storageClassName, resources: { requests: { storage } } }, status: { phase } });
  const plugin = createPersistentVolumeClaimResizeAdmission(
    fakeLookup({ "storage.k8s.io/storageclasses//fast": { metadata: { name: "fast" }, allowVolumeExpansion: true }, "storage.k8s.io/storageclasses//fixed": { metadata: { name: "fixed" } } }),
  );
  const grow = (from: ReturnType<typeof claim>, to: ReturnType<typeof claim>) => plugin.validate!(attrs("", "persistentvolumeclaims", to, { operation: "UPDATE", oldObject: from as never }));

  it("a bound claim of an expandable class may grow; shrinking or keeping the size is not its business", async () => {
    await grow(claim("1Gi", "Bound"), claim("2Gi", "Bound"));
    await grow(claim("2Gi", "Pending", "fixed"), claim("1Gi", "Pending", "fixed"));
  });

  it("refuses growing an unbound claim or one whose class does not allow it", async () => {
    assert.equal(await refusal(grow(claim("1Gi", "Pending"), claim("2Gi", "Pending"))), 'persistentvolumeclaims "data" is forbidden: Only bound persistent volume claims can be expanded');
    assert.equal(
      await refusal(grow(claim("1Gi", "Bound", "fixed"), claim("2Gi", "Bound", "fixed"))),
      'persistentvolumeclaims "data" is forbidden: only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize',
    );
  });
});

describe("Certificate admission", () => {
  const asked: AuthorizationAttributes[] = [];
  /** Grants "approve" on the example.com/* signers only. */
  const authorize = async (a: AuthorizationAttributes) => {
    asked.push(a);
    return { allowed: a.verb === "approve" && a.resource?.name === "example.com/*", reason: "" };
  };
  const csr = (signerName: string, status: Record<string, unknown> = {}) => ({ metadata: { name: "csr-1" }, spec: { signerName, request: "" }, status });
  const user = { username: "alice", groups: ["system:authenticated"] };

  it("approval needs approve on the signer, by name or domain wildcard", async () => {
    const plugin = createCertificateApprovalAdmission(authorize);
    await plugin.validate!(attrs("certificates.k8s.io", "certificatesigningrequests", csr("example.com/foo"), { operation: "UPDATE", subresource: "approval", oldObject: csr("example.com/foo") as never, user }));
    assert.deepEqual(asked.map((a) => a.resource?.name), ["example.com/foo", "example.com/*"]);
    assert.deepEqual(asked[0].resource, { group: "certificates.k8s.io", version: "*", resource: "signers", name: "example.com/foo" });
    const msg = await refusal(plugin.validate!(attrs("certificates.k8s.io", "certificatesigningrequests", csr("kubernetes.io/kubelet-serving"), { operation: "UPDATE", subresource: "approval", oldObject: csr("kubernetes.io/kubelet-serving") as never, user })));
    assert.equal(msg, 'certificatesigningrequests.certificates.k8s.io "csr-1" is forbidden: user not permitted to approve requests with signerName "kubernetes.io/kubelet-serving"');
  });

  it("issuing a certificate through /status needs sign on the signer", async () => {
    const plugin = createCertificateSigningAdmission(authorize);
    const msg = await refusal(plugin.validate!(attrs("certificates.k8s.io", "certificatesigningrequests", csr("example.com/foo", { certificate: "Zm9v" }), { operation: "UPDATE", subresource: "status", oldObject: csr("example.com/foo") as never, user })));
    assert.equal(msg, 'certificatesigningrequests.certificates.k8s.io "csr-1" is forbidden: user not permitted to sign requests with signerName "example.com/foo"');
    await plugin.validate!(attrs("certificates.k8s.io", "certificatesigningrequests", csr("example.com/foo"), { operation: "UPDATE", subresource: "status", oldObject: csr("example.com/foo") as never, user }));
  });

  it("no kube-apiserver-client certificate for system:masters", async () => {
    const x509 = await loadX509();
    const keys = await generateKey();
    const request = async (subject: string) => Buffer.from((await x509.Pkcs10CertificateRequestGenerator.create({ name: subject, keys: { privateKey: keys.privateKey, publicKey: keys.publicKey }, signingAlgorithm: { name: "ECDSA", hash: "SHA-256" } })).toString("pem")).toString("base64");
    const plugin = createCertificateSubjectRestrictionAdmission();
    const make = async (subject: string) => ({ metadata: { name: "csr-1" }, spec: { signerName: "kubernetes.io/kube-apiserver-client", request: await request(subject), usages: ["client auth"] } });
    await plugin.validate!(attrs("certificates.k8s.io", "certificatesigningrequests", await make("CN=alice, O=devs")));
    const msg = await refusal(plugin.validate!(attrs("certificates.k8s.io", "certificatesigningrequests", await make("CN=mallory, O=system:masters"))));
    assert.equal(msg, 'certificatesigningrequests.certificates.k8s.io "csr-1" is forbidden: use of kubernetes.io/kube-apiserver-client signer with system:masters group is not allowed');
  });
});
