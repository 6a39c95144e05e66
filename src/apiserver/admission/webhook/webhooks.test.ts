import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mutatingwebhookconfigurations, validatingwebhookconfigurations } from "../../../api/admissionregistration/webhook-configurations.js";
import { ApiError } from "../../../api/errors.js";
import type { KubeObject } from "../../../api/types.js";
import { createSimulatedNetwork } from "../../../network/dialer.js";
import { createServiceResolver, type ServiceResolver } from "../../../network/service-resolver.js";
import { realClock } from "../../../util/clock.js";
import type { AdmissionAttributes } from "../types.js";
import type { DispatchDeps } from "./dispatch.js";
import { createMutatingWebhookAdmission } from "./mutating.js";
import { ruleMatches } from "./rules.js";
import { hooksOf } from "./source.js";
import { startTestWebhook, type Answer, type ReviewRequest, type TestWebhook } from "./testing/test-webhook-server.js";
import { createValidatingWebhookAdmission } from "./validating.js";

let server: TestWebhook;
let expired: TestWebhook;
const answers = new Map<string, (r: ReviewRequest) => Answer>();

before(async () => {
  server = await startTestWebhook((r, path) => (answers.get(path) ?? (() => ({ allowed: true })))(r), { dnsNames: ["policy-hook.hooks.svc"] });
  expired = await startTestWebhook(() => ({ allowed: true }), { expired: true });
});
after(async () => {
  await server.close();
  await expired.close();
});

const namespaceLabels: Record<string, Record<string, string>> = { prod: { env: "prod" }, dev: { env: "dev" } };
const deps: DispatchDeps = {
  clock: realClock,
  transport: () => ({ resolver: {} as ServiceResolver, dialer: createSimulatedNetwork(), clock: realClock }),
  namespaceLabels: (n) => namespaceLabels[n],
};

const podRule = { operations: ["CREATE", "UPDATE"], apiGroups: [""], apiVersions: ["v1"], resources: ["pods"] };

function webhook(name: string, path: string, extra: Record<string, unknown> = {}, target = server) {
  return { name, clientConfig: { url: target.url(path), caBundle: target.caBundle }, rules: [podRule], sideEffects: "None", admissionReviewVersions: ["v1"], ...extra };
}

function config(kind: "mutating" | "validating", name: string, hooks: unknown[]): KubeObject {
  const obj = { metadata: { name }, webhooks: hooks } as KubeObject;
  (kind === "mutating" ? mutatingwebhookconfigurations : validatingwebhookconfigurations).defaults!(obj as never);
  return obj;
}

function podCreate(namespace = "prod", labels: Record<string, string> = {}, dryRun = false): AdmissionAttributes {
  const object = { apiVersion: "v1", kind: "Pod", metadata: { name: "p", namespace, labels }, spec: { containers: [{ name: "c", image: "busybox" }] } };
  return { operation: "CREATE", resource: { group: "", resource: "pods" }, kind: "Pod", namespace, name: "p", object, dryRun, warnings: [] };
}

const validating = (...cfgs: KubeObject[]) => createValidatingWebhookAdmission(async () => hooksOf(cfgs), deps);
const mutating = (...cfgs: KubeObject[]) => createMutatingWebhookAdmission(async () => hooksOf(cfgs), deps);

test("Rules match operations, groups, versions, subresources and scope as upstream's matcher.", () => {
  const gvr = { group: "apps", version: "v1", resource: "deployments" };
  const rule = (resources: string[], scope?: string) => ({ operations: ["UPDATE"], apiGroups: ["apps"], apiVersions: ["*"], resources, scope });
  assert.equal(ruleMatches(rule(["deployments"]), "UPDATE", gvr, "", true), true);
  assert.equal(ruleMatches(rule(["deployments"]), "CREATE", gvr, "", true), false);
  assert.equal(ruleMatches(rule(["*"]), "UPDATE", gvr, "scale", true), false, "* means resources, not subresources");
  assert.equal(ruleMatches(rule(["*/scale"]), "UPDATE", gvr, "scale", true), true);
  assert.equal(ruleMatches(rule(["deployments/*"]), "UPDATE", gvr, "status", true), true);
  assert.equal(ruleMatches(rule(["*/*"]), "UPDATE", gvr, "", true), true);
  assert.equal(ruleMatches(rule(["deployments"], "Cluster"), "UPDATE", gvr, "", true), false);
});

test("A validating webhook that refuses fails the request with upstream's denial message and code.", async () => {
  answers.set("/deny", () => ({ allowed: false, status: { code: 403, message: "pods are not welcome" } }));
  const plugin = validating(config("validating", "deny", [webhook("deny.example.com", "/deny")]));
  await assert.rejects(plugin.validate!(podCreate()), (err: ApiError) => {
    assert.equal(err.message, 'admission webhook "deny.example.com" denied the request: pods are not welcome');
    assert.equal(err.code, 403);
    return true;
  });
});

test("Namespace and object selectors decide which requests a webhook sees.", async () => {
  answers.set("/deny-prod", () => ({ allowed: false }));
  const plugin = validating(config("validating", "deny-prod", [webhook("prod.example.com", "/deny-prod", { namespaceSelector: { matchLabels: { env: "prod" } }, objectSelector: { matchExpressions: [{ key: "skip", operator: "DoesNotExist" }] } })]));
  await assert.rejects(plugin.validate!(podCreate("prod")), { message: 'admission webhook "prod.example.com" denied the request without explanation', code: 400 });
  await plugin.validate!(podCreate("dev"));
  await plugin.validate!(podCreate("prod", { skip: "yes" }));
});

test("matchConditions skip a webhook when an expression is false.", async () => {
  answers.set("/deny-cond", () => ({ allowed: false }));
  const plugin = validating(config("validating", "cond", [webhook("cond.example.com", "/deny-cond", { matchConditions: [{ name: "labelled", expression: "has(object.metadata.labels) && 'team' in object.metadata.labels" }] })]));
  await plugin.validate!(podCreate("prod"));
  await assert.rejects(plugin.validate!(podCreate("prod", { team: "a" })), /denied the request/);
});

test("A mutating webhook's JSONPatch changes the object in place, and its warnings reach the client.", async () => {
  answers.set("/label", (r) => (r.object?.metadata?.labels?.mutated ? { allowed: true } : { allowed: true, warnings: ["labelled by a webhook"], patch: [{ op: "add", path: "/metadata/labels/mutated", value: "yes" }] }));
  const attrs = podCreate();
  const object = attrs.object!;
  await mutating(config("mutating", "label", [webhook("label.example.com", "/label")])).admit!(attrs);
  assert.equal(attrs.object, object, "the registry's reference is kept");
  assert.deepEqual(object.metadata.labels, { mutated: "yes" });
  assert.deepEqual(attrs.warnings, ["labelled by a webhook"]);
});

test("reinvocationPolicy IfNeeded calls a webhook again when a later one changed the object.", async () => {
  const seen: string[] = [];
  answers.set("/first", (r) => {
    seen.push(`first:${Object.keys(r.object?.metadata?.labels ?? {}).sort().join(",")}`);
    return { allowed: true };
  });
  answers.set("/second", (r) => (r.object?.metadata?.labels?.second ? { allowed: true } : { allowed: true, patch: [{ op: "add", path: "/metadata/labels/second", value: "x" }] }));
  const cfgs = (policy: string) => [config("mutating", "a", [webhook("first.example.com", "/first", { reinvocationPolicy: policy })]), config("mutating", "b", [webhook("second.example.com", "/second")])];
  await mutating(...cfgs("IfNeeded")).admit!(podCreate());
  assert.deepEqual(seen, ["first:", "first:second"]);
  seen.length = 0;
  await mutating(...cfgs("Never")).admit!(podCreate());
  assert.deepEqual(seen, ["first:"]);
});

test("An expired serving certificate fails the call with Go's x509 text; failurePolicy decides the request.", async () => {
  const fail = validating(config("validating", "expired", [webhook("expired.example.com", "/", {}, expired)]));
  await assert.rejects(fail.validate!(podCreate()), (err: ApiError) => {
    assert.equal(err.code, 500);
    assert.equal(err.reason, "InternalError");
    assert.equal(err.message, `Internal error occurred: failed calling webhook "expired.example.com": failed to call webhook: Post "${expired.url("/")}?timeout=10s": tls: failed to verify certificate: x509: certificate has expired or is not yet valid`);
    return true;
  });
  const ignore = validating(config("validating", "expired", [webhook("expired.example.com", "/", { failurePolicy: "Ignore" }, expired)]));
  await ignore.validate!(podCreate());
});

test("A dry run meeting a webhook with side effects is refused, as upstream.", async () => {
  const plugin = validating(config("validating", "fx", [webhook("fx.example.com", "/", { sideEffects: "NoneOnDryRun" })]));
  await plugin.validate!(podCreate("prod", {}, true));
  const cfg = config("validating", "fx", [webhook("fx.example.com", "/")]);
  (cfg.webhooks as { sideEffects: string }[])[0]!.sideEffects = "Some";
  await assert.rejects(validating(cfg).validate!(podCreate("prod", {}, true)), { message: 'admission webhook "fx.example.com" does not support dry run', code: 400 });
});

test("Webhook configurations default and validate as upstream's v1.", async () => {
  const cfg = config("validating", "v", [{ name: "short", clientConfig: { url: "http://x" }, rules: [podRule], admissionReviewVersions: ["v2"], timeoutSeconds: 31 }]);
  const w = (cfg.webhooks as Record<string, unknown>[])[0]!;
  assert.equal(w.failurePolicy, "Fail");
  assert.equal(w.matchPolicy, "Equivalent");
  assert.deepEqual(w.namespaceSelector, {});
  const msgs = (await validatingwebhookconfigurations.validate!(cfg as never, {} as never)).map((e) => `${e.field}: ${e.detail}`);
  assert.deepEqual(msgs, [
    "webhooks[0].name: should be a domain with at least three segments separated by dots",
    "webhooks[0].sideEffects: must specify one of None, NoneOnDryRun",
    "webhooks[0].timeoutSeconds: the timeout value must be between 1 and 30 seconds",
    "webhooks[0].clientConfig.url: 'https' is the only allowed URL scheme; desired format: https://host[/path]",
    "webhooks[0].admissionReviewVersions: must include at least one of v1, v1beta1",
  ]);
});

test("A webhook behind a Service is reached through the service resolver, its certificate checked for <name>.<namespace>.svc.", async () => {
  answers.set("/svc-deny", (r) => ({ allowed: false, status: { message: `seen ${r.resource.resource}` } }));
  const resolver = createServiceResolver(
    {
      service: (_ns, name) => ({ metadata: { name }, spec: { ports: [{ name: "https", port: 443 }] } }),
      endpointSlices: () => [{ addressType: "IPv4", ports: [{ name: "https", port: server.port }], endpoints: [{ addresses: ["127.0.0.1"], conditions: { ready: true } }] }],
    },
    createSimulatedNetwork(),
  );
  const viaService: DispatchDeps = { ...deps, transport: () => ({ resolver, dialer: createSimulatedNetwork(), clock: realClock }) };
  const cfg = config("validating", "svc", [{ ...webhook("svc.example.com", "/"), clientConfig: { service: { namespace: "hooks", name: "policy-hook", path: "/svc-deny" }, caBundle: server.caBundle } }]);
  await assert.rejects(createValidatingWebhookAdmission(async () => hooksOf([cfg]), viaService).validate!(podCreate()), { message: 'admission webhook "svc.example.com" denied the request: seen pods' });
});

test("matchPolicy Equivalent sends a request for another version of the same storage, converted, and maps its patch back.", async () => {
  const v1 = { group: "autoscaling", version: "v1", resource: "horizontalpodautoscalers" };
  const v2 = { ...v1, version: "v2" };
  const equivalents: DispatchDeps["equivalents"] = (gvr) =>
    gvr.version === "v1"
      ? [{ resource: v2, kind: { group: "autoscaling", version: "v2", kind: "HorizontalPodAutoscaler" }, convert: { to: (o: KubeObject) => ({ ...o, apiVersion: "autoscaling/v2", converted: true }), from: ({ converted: _c, ...o }: KubeObject) => ({ ...o, apiVersion: "autoscaling/v1" }) } }]
      : [];
  answers.set("/hpa", (r) => {
    assert.equal(r.kind.version, "v2");
    assert.equal((r as { requestKind?: { version: string } }).requestKind?.version, "v1");
    assert.equal((r.object as { converted?: boolean }).converted, true);
    return { allowed: true, patch: [{ op: "add", path: "/metadata/labels", value: { seen: "v2" } }] };
  });
  const rule = { operations: ["CREATE"], apiGroups: ["autoscaling"], apiVersions: ["v2"], resources: ["horizontalpodautoscalers"] };
  const hpa = { apiVersion: "autoscaling/v1", kind: "HorizontalPodAutoscaler", metadata: { name: "h", namespace: "prod" } };
  const attrs: AdmissionAttributes = { operation: "CREATE", resource: { group: "autoscaling", resource: "horizontalpodautoscalers" }, kind: "HorizontalPodAutoscaler", namespace: "prod", name: "h", object: hpa, dryRun: false };
  const exact = config("mutating", "hpa", [{ ...webhook("hpa.example.com", "/hpa"), rules: [rule], matchPolicy: "Exact" }]);
  await createMutatingWebhookAdmission(async () => hooksOf([exact]), { ...deps, equivalents }).admit!(attrs);
  assert.equal(hpa.metadata.hasOwnProperty("labels"), false, "Exact does not match another version");
  const equivalent = config("mutating", "hpa", [{ ...webhook("hpa.example.com", "/hpa"), rules: [rule] }]);
  await createMutatingWebhookAdmission(async () => hooksOf([equivalent]), { ...deps, equivalents }).admit!(attrs);
  assert.deepEqual(attrs.object, { apiVersion: "autoscaling/v1", kind: "HorizontalPodAutoscaler", metadata: { name: "h", namespace: "prod", labels: { seen: "v2" } } });
});
