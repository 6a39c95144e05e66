import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { attrs, fakeLookup, refusal } from "../testing/fake-lookup.js";
import { createPodSecurityAdmission } from "./plugin.js";

const ns = (name: string, labels: Record<string, string>) => ({ metadata: { name, labels } });
const lookup = (labels: Record<string, string>, pods: Record<string, unknown> = {}) => fakeLookup({ "/namespaces//ns": ns("ns", labels), ...pods });

/** A pod that passes restricted. */
function restrictedPod(name = "p") {
  return {
    metadata: { name, namespace: "ns" },
    spec: {
      securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
      containers: [{ name: "c", image: "nginx", securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } } }],
    },
  };
}
const bare = (name = "p", container: Record<string, unknown> = {}) => ({ metadata: { name, namespace: "ns" }, spec: { containers: [{ name: "c", image: "nginx", ...container }] } });

describe("PodSecurity enforce", () => {
  it("refuses a privileged pod in a restricted namespace with upstream's message", async () => {
    const plugin = createPodSecurityAdmission(lookup({ "pod-security.kubernetes.io/enforce": "restricted" }));
    const msg = await refusal(plugin.validate!(attrs("", "pods", bare("p", { securityContext: { privileged: true } }))));
    assert.equal(
      msg,
      'pods "p" is forbidden: violates PodSecurity "restricted:latest": privileged (container "c" must not set securityContext.privileged=true), allowPrivilegeEscalation != false (container "c" must set securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (container "c" must set securityContext.capabilities.drop=["ALL"]), runAsNonRoot != true (pod or container "c" must set securityContext.runAsNonRoot=true), seccompProfile (pod or container "c" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
    );
  });

  it("admits a pod meeting restricted, and records the enforced policy for the audit log", async () => {
    const a = attrs("", "pods", restrictedPod());
    await createPodSecurityAdmission(lookup({ "pod-security.kubernetes.io/enforce": "restricted" })).validate!(a);
    assert.deepEqual(a.warnings, []);
    assert.deepEqual(a.auditAnnotations, { "pod-security.kubernetes.io/enforce-policy": "restricted:latest" });
  });

  const baseline: [string, Record<string, unknown>, string][] = [
    ["host namespaces", { hostNetwork: true, hostPID: true }, "host namespaces (hostNetwork=true, hostPID=true)"],
    ["hostPath", { volumes: [{ name: "root", hostPath: { path: "/" } }] }, 'hostPath volumes (volume "root")'],
    ["hostPort", { containers: [{ name: "c", image: "x", ports: [{ containerPort: 80, hostPort: 8080 }] }] }, 'hostPort (container "c" uses hostPort 8080)'],
    ["capabilities", { containers: [{ name: "c", image: "x", securityContext: { capabilities: { add: ["NET_ADMIN", "CHOWN", "SYS_TIME"] } } }] }, 'non-default capabilities (container "c" must not include "NET_ADMIN", "SYS_TIME" in securityContext.capabilities.add)'],
    ["procMount", { containers: [{ name: "c", image: "x", securityContext: { procMount: "Unmasked" } }] }, 'procMount (container "c" must not set securityContext.procMount to "Unmasked")'],
    ["seLinux", { securityContext: { seLinuxOptions: { type: "spc_t", user: "root" } } }, 'seLinuxOptions (pod set forbidden securityContext.seLinuxOptions: type "spc_t"; user may not be set)'],
    ["seccomp", { securityContext: { seccompProfile: { type: "Unconfined" } } }, 'seccompProfile (pod must not set securityContext.seccompProfile.type to "Unconfined")'],
    ["sysctls", { securityContext: { sysctls: [{ name: "kernel.msgmax", value: "1" }, { name: "net.ipv4.tcp_syncookies", value: "1" }] } }, "forbidden sysctls (kernel.msgmax)"],
    ["hostProcess", { securityContext: { windowsOptions: { hostProcess: true } } }, "hostProcess (pod must not set securityContext.windowsOptions.hostProcess=true)"],
  ];
  for (const [what, spec, detail] of baseline) {
    it(`baseline refuses ${what}`, async () => {
      const pod = { metadata: { name: "p", namespace: "ns" }, spec: { containers: [{ name: "c", image: "x" }], ...spec } };
      const msg = await refusal(createPodSecurityAdmission(lookup({ "pod-security.kubernetes.io/enforce": "baseline" })).validate!(attrs("", "pods", pod)));
      assert.equal(msg, `pods "p" is forbidden: violates PodSecurity "baseline:latest": ${detail}`);
    });
  }

  it("baseline refuses forbidden AppArmor profiles named in annotations", async () => {
    const pod = { metadata: { name: "p", namespace: "ns", annotations: { "container.apparmor.security.beta.kubernetes.io/c": "unconfined" } }, spec: { containers: [{ name: "c", image: "x" }] } };
    const msg = await refusal(createPodSecurityAdmission(lookup({ "pod-security.kubernetes.io/enforce": "baseline" })).validate!(attrs("", "pods", pod)));
    assert.equal(msg, 'pods "p" is forbidden: violates PodSecurity "baseline:latest": forbidden AppArmor profile (annotation must not set AppArmor profile type to "container.apparmor.security.beta.kubernetes.io/c="unconfined"")');
  });

  it("baseline refuses Unconfined AppArmor profile fields and hosts in probes", async () => {
    const pod = {
      metadata: { name: "p", namespace: "ns" },
      spec: { containers: [{ name: "c", image: "x", securityContext: { appArmorProfile: { type: "Unconfined" } }, livenessProbe: { httpGet: { host: "10.0.0.1", port: 80 } } }] },
    };
    const msg = await refusal(createPodSecurityAdmission(lookup({ "pod-security.kubernetes.io/enforce": "baseline" })).validate!(attrs("", "pods", pod)));
    assert.equal(
      msg,
      'pods "p" is forbidden: violates PodSecurity "baseline:latest": forbidden AppArmor profile (container "c" must not set AppArmor profile type to "Unconfined"), probe or lifecycle host (container "c" uses probe or lifecycle host "10.0.0.1")',
    );
    // Hosts in probes are checked from policy v1.34 only.
    const older = createPodSecurityAdmission(lookup({ "pod-security.kubernetes.io/enforce": "baseline", "pod-security.kubernetes.io/enforce-version": "v1.33" }));
    assert.match(await refusal(older.validate!(attrs("", "pods", pod))), /forbidden AppArmor profile \(container "c" must not set AppArmor profile type to "Unconfined"\)$/);
  });

  it("from v1.35 a pod in its own user namespace need not run as non-root, but restricted still masks /proc", async () => {
    const pod = restrictedPod();
    Object.assign(pod.spec, { hostUsers: false, securityContext: { seccompProfile: { type: "RuntimeDefault" }, runAsUser: 0 } });
    const plugin = createPodSecurityAdmission(lookup({ "pod-security.kubernetes.io/enforce": "restricted" }));
    await plugin.validate!(attrs("", "pods", pod));
    (pod.spec.containers[0].securityContext as Record<string, unknown>).procMount = "Unmasked";
    assert.equal(await refusal(plugin.validate!(attrs("", "pods", pod))), 'pods "p" is forbidden: violates PodSecurity "restricted:latest": procMount (container "c" must not set securityContext.procMount to "Unmasked")');
    await createPodSecurityAdmission(lookup({ "pod-security.kubernetes.io/enforce": "baseline" })).validate!(attrs("", "pods", pod));
  });

  it("restricted names restricted volume types and root users", async () => {
    const pod = restrictedPod();
    Object.assign(pod.spec, { volumes: [{ name: "nfs", nfs: { server: "s", path: "/" } }, { name: "cm", configMap: { name: "x" } }, { name: "img", image: { reference: "data:1" } }] });
    Object.assign(pod.spec.securityContext, { runAsUser: 0 });
    const msg = await refusal(createPodSecurityAdmission(lookup({ "pod-security.kubernetes.io/enforce": "restricted" })).validate!(attrs("", "pods", pod)));
    assert.equal(msg, 'pods "p" is forbidden: violates PodSecurity "restricted:latest": restricted volume types (volume "nfs" uses restricted volume type "nfs"), runAsUser=0 (pod must not set runAsUser=0)');
  });

  it("an older policy version leaves out checks added later", async () => {
    const pod = restrictedPod();
    Object.assign(pod.spec.securityContext, { runAsUser: 0 });
    await createPodSecurityAdmission(lookup({ "pod-security.kubernetes.io/enforce": "restricted", "pod-security.kubernetes.io/enforce-version": "v1.22" })).validate!(attrs("", "pods", pod));
  });

  it("status writes and other ignored subresources are not evaluated", async () => {
    const plugin = createPodSecurityAdmission(lookup({ "pod-security.kubernetes.io/enforce": "restricted" }));
    await plugin.validate!(attrs("", "pods", bare(), { operation: "UPDATE", subresource: "status", oldObject: bare() as never }));
  });

  it("an update that changes no image is not evaluated", async () => {
    const plugin = createPodSecurityAdmission(lookup({ "pod-security.kubernetes.io/enforce": "restricted" }));
    const old = bare();
    const next = { ...bare(), metadata: { name: "p", namespace: "ns", labels: { a: "b" } } };
    await plugin.validate!(attrs("", "pods", next, { operation: "UPDATE", oldObject: old as never }));
    const newImage = bare("p", { image: "nginx:2" });
    await refusal(plugin.validate!(attrs("", "pods", newImage, { operation: "UPDATE", oldObject: old as never })));
  });
});

describe("PodSecurity warn and audit", () => {
  it("warn adds a warning and admits; audit adds the audit-violations annotation", async () => {
    const a = attrs("", "pods", bare());
    await createPodSecurityAdmission(lookup({ "pod-security.kubernetes.io/warn": "restricted", "pod-security.kubernetes.io/audit": "baseline" })).validate!(a);
    assert.equal(a.warnings!.length, 1);
    assert.match(a.warnings![0], /^would violate PodSecurity "restricted:latest": allowPrivilegeEscalation != false \(container "c" must set/);
    assert.deepEqual(a.auditAnnotations, { "pod-security.kubernetes.io/enforce-policy": "privileged:latest" });
    const b = attrs("", "pods", bare("p", { securityContext: { privileged: true } }));
    await createPodSecurityAdmission(lookup({ "pod-security.kubernetes.io/audit": "baseline" })).validate!(b);
    assert.equal(b.auditAnnotations!["pod-security.kubernetes.io/audit-violations"], 'would violate PodSecurity "baseline:latest": privileged (container "c" must not set securityContext.privileged=true)');
  });

  it("a namespace enforcing a level warns at that level too", async () => {
    const a = attrs("apps", "deployments", { kind: "Deployment", metadata: { name: "d", namespace: "ns" }, spec: { template: bare() } });
    await createPodSecurityAdmission(lookup({ "pod-security.kubernetes.io/enforce": "baseline" })).validate!(a);
    assert.deepEqual(a.warnings, []);
    const b = attrs("apps", "deployments", { kind: "Deployment", metadata: { name: "d", namespace: "ns" }, spec: { template: bare("x", { securityContext: { privileged: true } }) } });
    await createPodSecurityAdmission(lookup({ "pod-security.kubernetes.io/enforce": "baseline" })).validate!(b);
    assert.deepEqual(b.warnings, ['would violate PodSecurity "baseline:latest": privileged (container "c" must not set securityContext.privileged=true)']);
  });

  it("workloads are warned about, never refused; a CronJob's template is its job's", async () => {
    const cronJob = { kind: "CronJob", metadata: { name: "cj", namespace: "ns" }, spec: { jobTemplate: { spec: { template: bare("t", { securityContext: { privileged: true } }) } } } };
    const a = attrs("batch", "cronjobs", cronJob);
    await createPodSecurityAdmission(lookup({ "pod-security.kubernetes.io/enforce": "restricted" })).validate!(a);
    assert.equal(a.warnings!.length, 1);
    assert.match(a.warnings![0], /^would violate PodSecurity "restricted:latest": privileged \(container "c"/);
  });
});

describe("PodSecurity namespace labels", () => {
  const plugin = createPodSecurityAdmission(fakeLookup({ "/pods/ns/a": bare("a", { securityContext: { privileged: true } }), "/pods/ns/b": bare("b", { securityContext: { privileged: true } }), "/pods/ns/ok": restrictedPod("ok") }));

  it("a bad level is refused as Invalid", async () => {
    const msg = await refusal(plugin.validate!(attrs("", "namespaces", ns("ns", { "pod-security.kubernetes.io/enforce": "strict" }))), "Invalid");
    assert.equal(msg, 'Namespace "ns" is invalid: metadata.labels[pod-security.kubernetes.io/enforce]: Invalid value: "strict": must be one of privileged, baseline, restricted');
  });

  it("tightening enforce warns about the existing pods that would violate it", async () => {
    const a = attrs("", "namespaces", ns("ns", { "pod-security.kubernetes.io/enforce": "baseline" }), { operation: "UPDATE", oldObject: ns("ns", {}) as never });
    await plugin.validate!(a);
    assert.deepEqual(a.warnings, ['existing pods in namespace "ns" violate the new PodSecurity enforce level "baseline:latest"', "a (and 1 other pod): privileged"]);
  });

  it("loosening enforce checks nothing", async () => {
    const a = attrs("", "namespaces", ns("ns", { "pod-security.kubernetes.io/enforce": "baseline" }), { operation: "UPDATE", oldObject: ns("ns", { "pod-security.kubernetes.io/enforce": "restricted" }) as never });
    await plugin.validate!(a);
    assert.deepEqual(a.warnings, []);
  });
});
