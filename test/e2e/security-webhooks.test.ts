/**
 * Dynamic admission with the real kubectl against `skiff up`: admission
 * webhooks served by this test (HTTPS on 127.0.0.1, clientConfig.url with
 * the test CA as caBundle) that deny, that mutate through a JSONPatch,
 * and whose certificate has expired (refused under failurePolicy Fail
 * with Go's x509 text, let through under Ignore); and a
 * ValidatingAdmissionPolicy refusing a Deployment with too many replicas.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { startTestWebhook, type TestWebhook } from "../../dist/apiserver/admission/webhook/testing/test-webhook-server.js";
import { startTestCluster, type TestCluster } from "./cluster.js";
import { until } from "./wait.js";

function webhookConfiguration(kind: "Validating" | "Mutating", name: string, hook: TestWebhook, path: string, label: string, failurePolicy = "Fail"): string {
  return JSON.stringify({
    apiVersion: "admissionregistration.k8s.io/v1",
    kind: `${kind}WebhookConfiguration`,
    metadata: { name },
    webhooks: [
      {
        name: `${name}.skiff.test`,
        clientConfig: { url: hook.url(path), caBundle: hook.caBundle },
        rules: [{ operations: ["CREATE"], apiGroups: [""], apiVersions: ["v1"], resources: ["configmaps"] }],
        objectSelector: { matchLabels: { webhook: label } },
        failurePolicy,
        sideEffects: "None",
        admissionReviewVersions: ["v1"],
      },
    ],
  });
}

const configMap = (name: string, label: string) => JSON.stringify({ apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace: "default", labels: { webhook: label } }, data: { a: "b" } });

describe("Admission webhooks and ValidatingAdmissionPolicy", { concurrency: false }, () => {
  let c: TestCluster;
  let hook: TestWebhook;
  let expired: TestWebhook;
  before(async () => {
    hook = await startTestWebhook((req, path) => {
      if (path === "/deny") return { allowed: false, status: { code: 403, message: `configmap ${req.name} is not welcome` } };
      if (path === "/label") return { allowed: true, patch: [{ op: "add", path: "/metadata/labels/mutated-by", value: "skiff-webhook" }] };
      return { allowed: true };
    });
    expired = await startTestWebhook(() => ({ allowed: true }), { expired: true });
    c = await startTestCluster({ args: ["--nodes", "0"] });
  });
  after(async () => {
    await c?.stop();
    await hook?.close();
    await expired?.close();
  });

  /** Creates the configmap until the webhook configuration is in effect (its cache follows a watch). */
  async function createUntil(name: string, label: string, accept: (r: { code: number; stdout: string; stderr: string }) => boolean) {
    return until(`creating configmap ${name} gives the expected answer`, async (seen) => {
      const r = await c.kubectl(["create", "-f", "-"], { input: configMap(name, label) });
      seen(`${r.code} ${r.stdout} ${r.stderr}`);
      if (accept(r)) return r;
      if (r.code === 0) await c.kubectl(["delete", "configmap", name]);
      return undefined;
    });
  }

  test("a validating webhook denies with its message, and the configuration prints its webhook count", async () => {
    await c.k(["apply", "-f", "-"], webhookConfiguration("Validating", "deny", hook, "/deny", "deny"));
    assert.match(await c.k(["get", "validatingwebhookconfigurations"]), /^NAME\s+WEBHOOKS\s+AGE\ndeny\s+1\s+/);
    const r = await createUntil("unwelcome", "deny", (x) => x.code !== 0);
    assert.match(r.stderr, /Error from server: error when creating "STDIN": admission webhook "deny\.skiff\.test" denied the request: configmap unwelcome is not welcome/);
    assert.ok(hook.requests.some((q) => q.name === "unwelcome" && q.operation === "CREATE" && q.resource.resource === "configmaps"));
    // Objects the selector leaves out are not sent.
    assert.match(await c.k(["create", "-f", "-"], configMap("welcome", "none")), /configmap\/welcome created/);
    const metrics = await c.k(["get", "--raw", "/metrics"]);
    assert.match(metrics, /apiserver_admission_webhook_rejection_count\{name="deny\.skiff\.test",type="validating",operation="CREATE",error_type="no_error",rejection_code="403"\} [1-9]/);
    assert.match(metrics, /apiserver_admission_webhook_admission_duration_seconds_count\{name="deny\.skiff\.test",type="validating",operation="CREATE",rejected="true"\} [1-9]/);
  });

  test("a mutating webhook adds a label through a JSONPatch", async () => {
    await c.k(["apply", "-f", "-"], webhookConfiguration("Mutating", "label", hook, "/label", "mutate"));
    await createUntil("mutated", "mutate", (x) => x.code === 0 && x.stdout.includes("created") && hook.requests.some((q) => q.name === "mutated"));
    assert.equal(await c.k(["get", "configmap", "mutated", "-o", "jsonpath={.metadata.labels.mutated-by}"]), "skiff-webhook");
    assert.match(await c.k(["get", "mutatingwebhookconfigurations"]), /label\s+1\s+/);
  });

  test("a webhook whose certificate expired refuses under Fail with Go's x509 text and lets through under Ignore", async () => {
    await c.k(["apply", "-f", "-"], webhookConfiguration("Validating", "expired-fail", expired, "/", "expired-fail"));
    const refused = await createUntil("refused", "expired-fail", (x) => x.code !== 0);
    const url = `${expired.url("/")}?timeout=10s`;
    assert.ok(
      refused.stderr.includes(`Internal error occurred: failed calling webhook "expired-fail.skiff.test": failed to call webhook: Post "${url}": tls: failed to verify certificate: x509: certificate has expired or is not yet valid`),
      refused.stderr,
    );
    await c.k(["apply", "-f", "-"], webhookConfiguration("Validating", "expired-ignore", expired, "/", "expired-ignore", "Ignore"));
    assert.match(await c.k(["create", "-f", "-"], configMap("passed", "expired-ignore")), /configmap\/passed created/);
  });

  test("a ValidatingAdmissionPolicy and its binding refuse a Deployment with too many replicas", async () => {
    const policy = {
      apiVersion: "admissionregistration.k8s.io/v1",
      kind: "ValidatingAdmissionPolicy",
      metadata: { name: "replica-limit.skiff.test" },
      spec: {
        failurePolicy: "Fail",
        matchConstraints: { resourceRules: [{ apiGroups: ["apps"], apiVersions: ["v1"], operations: ["CREATE", "UPDATE"], resources: ["deployments"] }] },
        validations: [{ expression: "object.spec.replicas <= 5" }],
      },
    };
    const binding = {
      apiVersion: "admissionregistration.k8s.io/v1",
      kind: "ValidatingAdmissionPolicyBinding",
      metadata: { name: "replica-limit-binding" },
      spec: { policyName: "replica-limit.skiff.test", validationActions: ["Deny"] },
    };
    await c.k(["apply", "-f", "-"], JSON.stringify(policy));
    await c.k(["apply", "-f", "-"], JSON.stringify(binding));
    assert.match(await c.k(["get", "validatingadmissionpolicies"]), /^NAME\s+VALIDATIONS\s+PARAMKIND\s+AGE\nreplica-limit\.skiff\.test\s+1\s+<unset>\s+/);
    assert.match(await c.k(["get", "validatingadmissionpolicybindings"]), /^NAME\s+POLICYNAME\s+PARAMREF\s+AGE\nreplica-limit-binding\s+replica-limit\.skiff\.test\s+<unset>\s+/);
    const r = await until("the policy refuses six replicas", async (seen) => {
      const x = await c.kubectl(["create", "deployment", "web", "--image=nginx", "--replicas=6"]);
      seen(`${x.code} ${x.stdout} ${x.stderr}`);
      if (x.code === 0) await c.kubectl(["delete", "deployment", "web"]);
      return x.code !== 0 ? x : undefined;
    });
    assert.match(r.stderr, /error: failed to create deployment: deployments\.apps "web" is forbidden: ValidatingAdmissionPolicy 'replica-limit\.skiff\.test' with binding 'replica-limit-binding' denied request: failed expression: object\.spec\.replicas <= 5/);
    assert.match(await c.k(["create", "deployment", "web", "--image=nginx", "--replicas=5"]), /deployment\.apps\/web created/);
  });

  test("a binding with the Warn action turns the failure into a kubectl warning", async () => {
    const binding = {
      apiVersion: "admissionregistration.k8s.io/v1",
      kind: "ValidatingAdmissionPolicyBinding",
      metadata: { name: "replica-limit-warn" },
      spec: { policyName: "replica-limit.skiff.test", validationActions: ["Warn"], matchResources: { namespaceSelector: { matchLabels: { limits: "warn" } } } },
    };
    const denyElsewhere = {
      apiVersion: "admissionregistration.k8s.io/v1",
      kind: "ValidatingAdmissionPolicyBinding",
      metadata: { name: "replica-limit-binding" },
      spec: { policyName: "replica-limit.skiff.test", validationActions: ["Deny"], matchResources: { namespaceSelector: { matchExpressions: [{ key: "limits", operator: "NotIn", values: ["warn"] }] } } },
    };
    await c.k(["apply", "-f", "-"], JSON.stringify(binding));
    await c.k(["apply", "-f", "-"], JSON.stringify(denyElsewhere));
    await c.k(["create", "namespace", "warned"]);
    await c.k(["label", "namespace", "warned", "limits=warn"]);
    const r = await until("the Warn binding warns", async (seen) => {
      const x = await c.kubectl(["-n", "warned", "create", "deployment", "warned-web", "--image=nginx", "--replicas=6"]);
      seen(`${x.code} ${x.stdout} ${x.stderr}`);
      if (x.code === 0) await c.kubectl(["-n", "warned", "delete", "deployment", "warned-web"]);
      return x.code === 0 && x.stderr.includes("Warning:") ? x : undefined;
    });
    assert.match(r.stderr, /Warning: Validation failed for ValidatingAdmissionPolicy 'replica-limit\.skiff\.test' with binding 'replica-limit-warn': failed expression: object\.spec\.replicas <= 5/);
  });

  test("kubectl explain knows the rules' resources and scope", async () => {
    const out = await c.k(["explain", "validatingwebhookconfigurations.webhooks.rules"]);
    assert.match(out, /resources\s+<\[\]string>/);
    assert.match(out, /scope\s+<string>/);
  });
});
