import { test } from "node:test";
import assert from "node:assert/strict";
import { createCertificateAuthority } from "../../pki/index.js";
import { authenticationData, frontProxyAuthenticationInfo } from "./authentication-configmap.js";

test("A fresh ConfigMap holds upstream's keys, lists as JSON arrays.", async () => {
  const clientCA = await createCertificateAuthority({ commonName: "skiff-ca" });
  const fpCA = await createCertificateAuthority({ commonName: "front-proxy-ca" });
  const data = authenticationData(undefined, frontProxyAuthenticationInfo(clientCA.certPem, fpCA.certPem), Date.now());
  assert.deepEqual(data, {
    "client-ca-file": clientCA.certPem,
    "requestheader-username-headers": '["X-Remote-User"]',
    "requestheader-uid-headers": '["X-Remote-Uid"]',
    "requestheader-group-headers": '["X-Remote-Group"]',
    "requestheader-extra-headers-prefix": '["X-Remote-Extra-"]',
    "requestheader-client-ca-file": fpCA.certPem,
    "requestheader-allowed-names": '["front-proxy-client"]',
  });
});

test("What another API server wrote is kept: lists merged without duplicates, CA bundles joined.", async () => {
  const mine = await createCertificateAuthority({ commonName: "skiff-ca" });
  const theirs = await createCertificateAuthority({ commonName: "other-ca" });
  const fp = await createCertificateAuthority({ commonName: "front-proxy-ca" });
  const existing = {
    "client-ca-file": theirs.certPem,
    "requestheader-client-ca-file": fp.certPem,
    "requestheader-allowed-names": '["aggregator","front-proxy-client"]',
    "requestheader-username-headers": '["X-Remote-User"]',
  };
  const data = authenticationData(existing, frontProxyAuthenticationInfo(mine.certPem, fp.certPem), Date.now());
  assert.equal(data["client-ca-file"], theirs.certPem + mine.certPem);
  assert.equal(data["requestheader-client-ca-file"], fp.certPem);
  assert.equal(data["requestheader-allowed-names"], '["aggregator","front-proxy-client"]');
  assert.equal(data["requestheader-username-headers"], '["X-Remote-User"]');
});
