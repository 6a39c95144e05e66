import { test } from "node:test";
import assert from "node:assert/strict";
import { createHmac, createPublicKey } from "node:crypto";
import type { KubeObject } from "../../api/types.js";
import { generateServiceAccountKey, signJwt, type ServiceAccountKey } from "../../pki/index.js";
import { VirtualClock } from "../../util/clock.js";
import { createBoundTokenValidator } from "./bound-service-account-token.js";
import type { CredentialObjects, CredentialResource } from "./credential-objects.js";
import { createLegacyTokenValidator, legacyTokenClaims, LEGACY_ISSUER } from "./legacy-service-account-token.js";
import { createJwtTokenAuthenticator } from "./service-account-jwt.js";
import type { TokenOutcome } from "./token-outcome.js";

const ISSUER = "https://kubernetes.default.svc.cluster.local";
const NOW_S = 1_800_000_000;
const b64 = (v: unknown) => Buffer.from(typeof v === "string" ? v : JSON.stringify(v)).toString("base64url");

function store(objects: Record<string, KubeObject>): CredentialObjects & { objects: Record<string, KubeObject> } {
  return { objects, get: async (r: CredentialResource, ns: string | undefined, name: string) => objects[`${r}/${ns ?? ""}/${name}`] };
}

const obj = (name: string, uid: string, namespace = "team", extra: Partial<KubeObject["metadata"]> = {}): KubeObject => ({ apiVersion: "v1", kind: "X", metadata: { name, namespace, uid, ...extra } });

async function fixture() {
  const key = await generateServiceAccountKey();
  const other = await generateServiceAccountKey();
  const clock = new VirtualClock(NOW_S * 1000);
  const objects = store({
    "serviceaccounts/team/robot": obj("robot", "sa-uid"),
    "pods/team/web": obj("web", "pod-uid"),
    "secrets/team/bound": obj("bound", "secret-uid"),
    "nodes//node-1": obj("node-1", "node-uid", undefined),
  });
  const keys = [{ keyId: key.keyId, publicKey: createPublicKey(key.publicKeyPem) }];
  const bound = createJwtTokenAuthenticator({ issuers: [ISSUER], keys, apiAudiences: [ISSUER], validator: createBoundTokenValidator(objects, clock) });
  const legacy = createJwtTokenAuthenticator({ issuers: [LEGACY_ISSUER], keys, apiAudiences: [ISSUER], validator: createLegacyTokenValidator(objects) });
  return { key, other, clock, objects, bound, legacy };
}

function claims(over: Record<string, unknown> = {}, k8s: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    aud: [ISSUER],
    exp: NOW_S + 3600,
    iat: NOW_S,
    nbf: NOW_S,
    iss: ISSUER,
    jti: "jti-1",
    sub: "system:serviceaccount:team:robot",
    "kubernetes.io": { namespace: "team", serviceaccount: { name: "robot", uid: "sa-uid" }, ...k8s },
    ...over,
  };
}

const reason = (o: TokenOutcome) => (o.status === "rejected" ? o.reason : o.status);

test("A bound token names its service account, with the pod, node and JTI as extra.", async () => {
  const { key, bound } = await fixture();
  const token = signJwt(key, claims({}, { pod: { name: "web", uid: "pod-uid" }, node: { name: "node-1", uid: "node-uid" } }));
  const o = await bound.review(token);
  assert.equal(o.status, "authenticated");
  assert.deepEqual(o.status === "authenticated" && o.user, {
    username: "system:serviceaccount:team:robot",
    uid: "sa-uid",
    groups: ["system:serviceaccounts", "system:serviceaccounts:team"],
    extra: {
      "authentication.kubernetes.io/pod-name": ["web"],
      "authentication.kubernetes.io/pod-uid": ["pod-uid"],
      "authentication.kubernetes.io/credential-id": ["JTI=jti-1"],
      "authentication.kubernetes.io/node-name": ["node-1"],
      "authentication.kubernetes.io/node-uid": ["node-uid"],
    },
  });
  assert.deepEqual(o.status === "authenticated" && o.audiences, [ISSUER]);
});

test("Bound tokens are refused for every way they can be wrong, with upstream's reasons.", async () => {
  const { key, other, bound, objects } = await fixture();
  objects.objects["pods/team/leaving"] = obj("leaving", "leaving-uid", "team", { deletionTimestamp: new Date((NOW_S - 120) * 1000).toISOString() });
  objects.objects["pods/team/terminating"] = obj("terminating", "t-uid", "team", { deletionTimestamp: new Date((NOW_S + 30) * 1000).toISOString() });
  const signed = (c: Record<string, unknown>, k: Pick<ServiceAccountKey, "privateKeyPem" | "keyId"> = key) => signJwt(k, c);
  const header = (h: Record<string, unknown>, c = claims()) => `${b64(h)}.${b64(c)}`;
  const hs256 = (() => {
    const input = header({ alg: "HS256", kid: key.keyId });
    return `${input}.${createHmac("sha256", key.publicKeyPem).update(input).digest("base64url")}`;
  })();
  const valid = signed(claims());
  const cases: { name: string; token: string; audiences?: string[]; want: string }[] = [
    { name: "alg none", token: `${header({ alg: "none" })}.`, want: "go-jose/go-jose: unknown/unsupported algorithm" },
    { name: "HS256 keyed with the public key", token: hs256, want: "go-jose/go-jose: unknown/unsupported algorithm" },
    { name: "an unknown kid", token: signed(claims(), { privateKeyPem: other.privateKeyPem, keyId: other.keyId }), want: "invalid signature, no keys found" },
    { name: "another key under our kid", token: signed(claims(), { privateKeyPem: other.privateKeyPem, keyId: key.keyId }), want: "go-jose/go-jose: error in cryptographic primitive" },
    { name: "a tampered payload", token: `${valid.split(".")[0]}.${b64(claims({ sub: "system:serviceaccount:kube-system:admin" }))}.${valid.split(".")[2]}`, want: "go-jose/go-jose: error in cryptographic primitive" },
    { name: "a signature that is not base64url", token: `${valid.split(".").slice(0, 2).join(".")}.@@@`, want: "none" },
    { name: "a header that is not JSON", token: `${b64("{oops")}.${valid.split(".")[1]}.${valid.split(".")[2]}`, want: "none" },
    { name: "a payload that is not JSON", token: `${valid.split(".")[0]}.${b64("nope")}.${valid.split(".")[2]}`, want: "none" },
    { name: "two segments", token: valid.split(".").slice(0, 2).join("."), want: "none" },
    { name: "garbage", token: "garbage", want: "none" },
    { name: "another issuer", token: signed(claims({ iss: "https://evil.example.com" })), want: "none" },
    { name: "another audience", token: signed(claims({ aud: ["vault"] })), want: `token audiences ["vault"] is invalid for the target audiences ["${ISSUER}"]` },
    { name: "asked for another audience", token: valid, audiences: ["vault"], want: `token audiences ["${ISSUER}"] is invalid for the target audiences ["vault"]` },
    { name: "expired beyond the leeway", token: signed(claims({ exp: NOW_S - 61 })), want: "service account token has expired" },
    { name: "not yet valid", token: signed(claims({ nbf: NOW_S + 61 })), want: "service account token is not valid yet" },
    { name: "issued in the future", token: signed(claims({ iat: NOW_S + 61, nbf: undefined })), want: "service account token is issued in the future" },
    { name: "exp that is not a number", token: signed(claims({ exp: "soon" })), want: "json: cannot unmarshal string into Go struct field Claims.exp of type jwt.NumericDate" },
    { name: "a service account that does not exist", token: signed(claims({}, { serviceaccount: { name: "ghost", uid: "x" } })), want: 'serviceaccount "ghost" not found' },
    { name: "a recreated service account", token: signed(claims({}, { serviceaccount: { name: "robot", uid: "old-uid" } })), want: "service account UID (sa-uid) does not match claim (old-uid)" },
    { name: "no kubernetes.io claim", token: signed(claims({ "kubernetes.io": undefined })), want: 'serviceaccount "" not found' },
    { name: "a deleted pod", token: signed(claims({}, { pod: { name: "gone", uid: "p" } })), want: "service account token has been invalidated" },
    { name: "a pod deleted long ago", token: signed(claims({}, { pod: { name: "leaving", uid: "leaving-uid" } })), want: "service account token has been invalidated" },
    { name: "a recreated pod", token: signed(claims({}, { pod: { name: "web", uid: "old" } })), want: "pod UID (pod-uid) does not match service account pod ref claim (old)" },
    { name: "a deleted secret", token: signed(claims({}, { secret: { name: "gone", uid: "s" } })), want: "service account token has been invalidated" },
    { name: "a recreated secret", token: signed(claims({}, { secret: { name: "bound", uid: "old" } })), want: "secret UID (secret-uid) does not match service account secret ref claim (old)" },
    { name: "a deleted node", token: signed(claims({}, { node: { name: "node-9", uid: "n" } })), want: "service account token has been invalidated" },
  ];
  for (const c of cases) assert.equal(reason(await bound.review(c.token, c.audiences)), c.want, c.name);

  const ok: { name: string; token: string }[] = [
    { name: "expired within the leeway", token: signed(claims({ exp: NOW_S - 59 })) },
    { name: "an audience given as a string", token: signed(claims({ aud: ISSUER })) },
    { name: "a pod in its grace period", token: signed(claims({}, { pod: { name: "terminating", uid: "t-uid" } })) },
    { name: "a token bound to a live secret", token: signed(claims({}, { secret: { name: "bound", uid: "secret-uid" } })) },
  ];
  for (const c of ok) assert.equal(reason(await bound.review(c.token)), "authenticated", c.name);
});

test("Legacy tokens hold while their Secret holds them and their account keeps its uid.", async () => {
  const { key, legacy, objects } = await fixture();
  const sa = { namespace: "team", name: "robot", uid: "sa-uid" };
  const token = signJwt(key, legacyTokenClaims(sa, "robot-token"));
  const secret = (data: string, extra: Partial<KubeObject["metadata"]> = {}) => ({ ...obj("robot-token", "s-uid", "team", extra), data: { token: Buffer.from(data).toString("base64") } }) as KubeObject;
  objects.objects["secrets/team/robot-token"] = secret(token);
  const o = await legacy.review(token);
  assert.deepEqual(o.status === "authenticated" && o.user, { username: "system:serviceaccount:team:robot", uid: "sa-uid", groups: ["system:serviceaccounts", "system:serviceaccounts:team"] });
  assert.deepEqual(o.status === "authenticated" && o.audiences, [ISSUER], "a legacy token is good for the API audiences");

  const refusals: { name: string; token?: string; setup: () => void; want: string }[] = [
    { name: "the Secret holds another token", setup: () => (objects.objects["secrets/team/robot-token"] = secret("other")), want: "token does not match server's copy" },
    { name: "the Secret is gone", setup: () => delete objects.objects["secrets/team/robot-token"], want: "token has been invalidated" },
    { name: "the Secret is being deleted", setup: () => (objects.objects["secrets/team/robot-token"] = secret(token, { deletionTimestamp: "2027-01-01T00:00:00Z" })), want: "token has been invalidated" },
    { name: "the account was recreated", setup: () => { objects.objects["secrets/team/robot-token"] = secret(token); objects.objects["serviceaccounts/team/robot"] = obj("robot", "new-uid"); }, want: "ServiceAccount UID (new-uid) does not match claim (sa-uid)" },
    { name: "the account is gone", setup: () => delete objects.objects["serviceaccounts/team/robot"], want: 'serviceaccount "robot" not found' },
    { name: "no secret name claim", token: signJwt(key, { ...legacyTokenClaims(sa, "robot-token"), "kubernetes.io/serviceaccount/secret.name": "" }), setup: () => undefined, want: "secretName claim is missing" },
    { name: "a subject for another account", token: signJwt(key, { ...legacyTokenClaims(sa, "robot-token"), sub: "system:serviceaccount:team:admin" }), setup: () => undefined, want: "sub claim is invalid" },
    { name: "no subject", token: signJwt(key, { ...legacyTokenClaims(sa, "robot-token"), sub: undefined }), setup: () => undefined, want: "sub claim is missing" },
  ];
  for (const c of refusals) {
    c.setup();
    assert.equal(reason(await legacy.review(c.token ?? token)), c.want, c.name);
  }
});
