import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ServiceAccount } from "kubernetes-types/core/v1.js";
import { isApiError } from "../../api/errors.js";
import type { KubeObject } from "../../api/types.js";
import type { Pod } from "../../api/core/pod-types.js";
import { createServiceAccountAdmission, SERVICE_ACCOUNT_MOUNT_PATH, tokenVolumeSource } from "./service-account.js";
import type { AdmissionAttributes } from "./types.js";

const accounts: Record<string, ServiceAccount & KubeObject> = {
  "ns/default": { metadata: { name: "default", namespace: "ns" } },
  "ns/robot": { metadata: { name: "robot", namespace: "ns" }, automountServiceAccountToken: false, imagePullSecrets: [{ name: "regcred" }] },
};
const plugin = createServiceAccountAdmission(async (ns, name) => accounts[`${ns}/${name}`]);

function attrs(pod: Pod, operation: AdmissionAttributes["operation"] = "CREATE"): AdmissionAttributes {
  return { operation, resource: { group: "", resource: "pods" }, kind: "Pod", namespace: "ns", name: pod.metadata?.name ?? "", object: pod as KubeObject, dryRun: false };
}

const newPod = (spec: Partial<NonNullable<Pod["spec"]>> = {}): Pod => ({
  metadata: { name: "web", namespace: "ns" },
  spec: { initContainers: [{ name: "init", image: "busybox" }], containers: [{ name: "app", image: "nginx" }, { name: "side", image: "x", volumeMounts: [{ name: "own", mountPath: SERVICE_ACCOUNT_MOUNT_PATH }] }], ...spec },
});

async function admit(pod: Pod): Promise<Pod> {
  await plugin.admit!(attrs(pod));
  await plugin.validate!(attrs(pod));
  return pod;
}

describe("ServiceAccount admission", () => {
  it("names the default account and mounts a kube-api-access volume in every container without one at the path", async () => {
    const pod = await admit(newPod());
    assert.equal(pod.spec!.serviceAccountName, "default");
    const vols = pod.spec!.volumes ?? [];
    assert.equal(vols.length, 1);
    assert.match(vols[0].name, /^kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    assert.deepEqual(vols[0].projected, tokenVolumeSource());
    assert.deepEqual(vols[0].projected!.sources![0], { serviceAccountToken: { path: "token", expirationSeconds: 3607 } });
    const mount = { name: vols[0].name, readOnly: true, mountPath: SERVICE_ACCOUNT_MOUNT_PATH };
    assert.deepEqual(pod.spec!.initContainers![0].volumeMounts, [mount]);
    assert.deepEqual(pod.spec!.containers[0].volumeMounts, [mount]);
    assert.deepEqual(pod.spec!.containers[1].volumeMounts, [{ name: "own", mountPath: SERVICE_ACCOUNT_MOUNT_PATH }]);
  });

  it("mounts nothing when the pod or its account says no, and copies the account's image pull secrets", async () => {
    const robot = await admit(newPod({ serviceAccountName: "robot" }));
    assert.equal(robot.spec!.volumes, undefined);
    assert.deepEqual(robot.spec!.imagePullSecrets, [{ name: "regcred" }]);
    const optedOut = await admit(newPod({ automountServiceAccountToken: false }));
    assert.equal(optedOut.spec!.volumes, undefined);
    const optedIn = await admit(newPod({ serviceAccountName: "robot", automountServiceAccountToken: true }));
    assert.equal(optedIn.spec!.volumes?.length, 1);
  });

  it("refuses a pod naming an account that does not exist, with upstream's message", async () => {
    await assert.rejects(admit(newPod({ serviceAccountName: "ghost" })), (err: Error) => isApiError(err, "Forbidden") && err.message === 'pods "web" is forbidden: error looking up service account ns/ghost: serviceaccount "ghost" not found');
  });

  it("leaves updates and other resources alone", async () => {
    const pod = newPod();
    await plugin.admit!(attrs(pod, "UPDATE"));
    assert.equal(pod.spec!.volumes, undefined);
  });
});
