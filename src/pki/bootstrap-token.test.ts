import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import {
  bootstrapTokenSecret,
  caCertHash,
  computeDetachedSignature,
  createCertificateAuthority,
  createCertificateRequest,
  generateBootstrapToken,
  isTokenExpired,
  parseBootstrapToken,
  parseCaCertHash,
  readBootstrapTokenSecret,
  readCertificateRequest,
  secretsEqual,
  TOKEN_PATTERN,
  verifyDetachedSignature,
  clusterInfoKubeconfig,
  readClusterInfoKubeconfig,
} from "./index.js";

describe("bootstrap tokens", () => {
  it("generates tokens in kubeadm's format, different each time", () => {
    const a = generateBootstrapToken();
    const b = generateBootstrapToken();
    assert.match(`${a.id}.${a.secret}`, TOKEN_PATTERN);
    assert.notEqual(`${a.id}.${a.secret}`, `${b.id}.${b.secret}`);
  });

  it("parses only [a-z0-9]{6}.[a-z0-9]{16}", () => {
    assert.deepEqual(parseBootstrapToken("abcdef.0123456789abcdef"), { id: "abcdef", secret: "0123456789abcdef" });
    for (const bad of ["ABCDEF.0123456789abcdef", "abcde.0123456789abcdef", "abcdef.0123456789abcde", "abcdef0123456789abcdef", "abcdef.0123456789abcdef "]) {
      assert.equal(parseBootstrapToken(bad), undefined, bad);
    }
  });

  it("writes the Secret kubeadm writes and reads it back", () => {
    const expiration = new Date("2030-01-02T03:04:05Z");
    const s = bootstrapTokenSecret({ id: "abcdef", secret: "0123456789abcdef", expiration, usages: ["signing", "authentication"], extraGroups: ["system:bootstrappers:kubeadm:default-node-token"], description: "join" });
    assert.equal(s.metadata.name, "bootstrap-token-abcdef");
    assert.equal(s.metadata.namespace, "kube-system");
    assert.equal(s.type, "bootstrap.kubernetes.io/token");
    const plain = Object.fromEntries(Object.entries(s.data!).map(([k, v]) => [k, Buffer.from(v, "base64").toString()]));
    assert.deepEqual(plain, {
      "token-id": "abcdef",
      "token-secret": "0123456789abcdef",
      description: "join",
      expiration: "2030-01-02T03:04:05Z",
      "usage-bootstrap-signing": "true",
      "usage-bootstrap-authentication": "true",
      "auth-extra-groups": "system:bootstrappers:kubeadm:default-node-token",
    });
    const info = readBootstrapTokenSecret(s)!;
    assert.deepEqual(info.usages.sort(), ["authentication", "signing"]);
    assert.equal(info.expiration?.toISOString(), "2030-01-02T03:04:05.000Z");
    assert.equal(isTokenExpired(info, Date.parse("2030-01-02T03:04:04Z")), false);
    assert.equal(isTokenExpired(info, Date.parse("2030-01-02T03:04:05Z")), true);
  });

  it("ignores Secrets whose name does not match the token id, or of another type", () => {
    const s = bootstrapTokenSecret({ id: "abcdef", secret: "0123456789abcdef", usages: ["authentication"], extraGroups: [] });
    assert.equal(readBootstrapTokenSecret({ ...s, metadata: { ...s.metadata, name: "bootstrap-token-zzzzzz" } }), undefined);
    assert.equal(readBootstrapTokenSecret({ ...s, type: "Opaque" }), undefined);
    const unparsable = { ...s, data: { ...s.data, expiration: Buffer.from("soon").toString("base64") } };
    assert.equal(isTokenExpired(readBootstrapTokenSecret(unparsable)!, 0), true);
  });

  it("compares secrets by value", () => {
    assert.equal(secretsEqual("0123456789abcdef", "0123456789abcdef"), true);
    assert.equal(secretsEqual("0123456789abcdef", "0123456789abcdeg"), false);
    assert.equal(secretsEqual("0123456789abcdef", "0123"), false);
  });
});

describe("detached JWS", () => {
  it("is header..signature with the token id as kid, and verifies only with the same token", () => {
    const sig = computeDetachedSignature("content", "abcdef", "0123456789abcdef");
    const [header, payload, signature] = sig.split(".");
    assert.equal(payload, "");
    assert.equal(Buffer.from(header, "base64url").toString(), '{"alg":"HS256","kid":"abcdef"}');
    assert.match(signature, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(verifyDetachedSignature("content", sig, "abcdef", "0123456789abcdef"), true);
    assert.equal(verifyDetachedSignature("content!", sig, "abcdef", "0123456789abcdef"), false);
    assert.equal(verifyDetachedSignature("content", sig, "abcdef", "0123456789abcdee"), false);
  });
});

describe("CA certificate hash", () => {
  it("is the SHA-256 of the CA's SubjectPublicKeyInfo, as openssl computes it", async () => {
    const ca = await createCertificateAuthority();
    const dir = mkdtempSync(join(tmpdir(), "skiff-cahash-"));
    writeFileSync(join(dir, "ca.crt"), ca.certPem);
    let expected: string;
    try {
      const der = execFileSync("openssl", ["x509", "-in", join(dir, "ca.crt"), "-pubkey", "-noout"]);
      const spki = execFileSync("openssl", ["pkey", "-pubin", "-outform", "der"], { input: der });
      expected = execFileSync("openssl", ["dgst", "-sha256", "-hex"], { input: spki }).toString().trim().split(" ").pop()!;
    } catch {
      return; // no openssl on this machine
    }
    assert.equal(caCertHash(ca.certPem), `sha256:${expected}`);
  });

  it("parses sha256:<64 hex> and refuses anything else", () => {
    const h = `sha256:${"AB".repeat(32)}`;
    assert.equal(parseCaCertHash(h), h.toLowerCase());
    assert.throws(() => parseCaCertHash("md5:abcd"), /unsupported hash format/);
    assert.throws(() => parseCaCertHash("sha256:abcd"), /64 hex digits/);
  });
});

describe("certificate requests", () => {
  it("carries the subject and the key, signed", async () => {
    const { csrPem, keyPem } = await createCertificateRequest({ commonName: "system:node:n1", organizations: ["system:nodes"] });
    assert.match(csrPem, /^-----BEGIN CERTIFICATE REQUEST-----/);
    assert.match(keyPem, /EC PRIVATE KEY/);
    const info = await readCertificateRequest(csrPem);
    assert.equal(info.commonName, "system:node:n1");
    assert.deepEqual(info.organizations, ["system:nodes"]);
    assert.deepEqual(info.dnsNames, []);
    assert.equal(info.signatureValid, true);
  });
});

describe("cluster-info kubeconfig", () => {
  it("names the server and CA and nothing else", () => {
    const text = clusterInfoKubeconfig("https://10.0.0.1:6443", "CA PEM\n");
    assert.deepEqual(readClusterInfoKubeconfig(text), { server: "https://10.0.0.1:6443", caPem: "CA PEM\n" });
    assert.doesNotMatch(text, /token|client-certificate|client-key/);
  });
});
