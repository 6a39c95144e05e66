/**
 * Bound service-account tokens (TokenRequest, `kubectl create token`,
 * projected volumes): the `kubernetes.io` claim names the ServiceAccount
 * and, optionally, the Pod, Secret and Node the token is bound to. Each
 * must still exist with the uid in the token; objects deleted more than
 * the leeway ago invalidate it (a terminating pod's deletionTimestamp lies
 * in the future, so its token works through the grace period, as upstream).
 */
import type { KubeObject } from "../../api/types.js";
import type { Clock } from "../../util/clock.js";
import { checkTimeClaims, JWT_LEEWAY_MS, type RegisteredClaims } from "./jwt-verify.js";
import { notFoundReason, type CredentialObjects } from "./credential-objects.js";
import type { ServiceAccountInfo, ServiceAccountTokenValidator } from "./service-account-jwt.js";

interface Ref {
  name?: unknown;
  uid?: unknown;
}

interface KubernetesClaim {
  namespace?: unknown;
  serviceaccount?: Ref;
  pod?: Ref;
  secret?: Ref;
  node?: Ref;
}

export function createBoundTokenValidator(objects: CredentialObjects, clock: Clock): ServiceAccountTokenValidator {
  return {
    async validate(_token: string, claims: RegisteredClaims, raw: Record<string, unknown>): Promise<ServiceAccountInfo | string> {
      const now = clock.now();
      const timeProblem = checkTimeClaims(claims, now);
      if (timeProblem) return timeProblem;
      const k8s = (isObject(raw["kubernetes.io"]) ? raw["kubernetes.io"] : {}) as KubernetesClaim;
      const namespace = str(k8s.namespace);
      const sa = refOf(k8s.serviceaccount) ?? { name: "", uid: "" };
      // Deleted before now minus the leeway: gone for good.
      const deleted = (o: KubeObject) => o.metadata.deletionTimestamp !== undefined && Date.parse(o.metadata.deletionTimestamp) < now - JWT_LEEWAY_MS;

      const account = await objects.get("serviceaccounts", namespace, sa.name);
      if (!account) return notFoundReason("serviceaccount", sa.name);
      if (deleted(account)) return `service account ${namespace}/${sa.name} has been deleted`;
      if (account.metadata.uid !== sa.uid) return `service account UID (${account.metadata.uid ?? ""}) does not match claim (${sa.uid})`;

      const secretRef = refOf(k8s.secret);
      if (secretRef) {
        const secret = await objects.get("secrets", namespace, secretRef.name);
        if (!secret || deleted(secret)) return "service account token has been invalidated";
        if (secret.metadata.uid !== secretRef.uid) return `secret UID (${secret.metadata.uid ?? ""}) does not match service account secret ref claim (${secretRef.uid})`;
      }
      const info: ServiceAccountInfo = { namespace, name: sa.name, uid: sa.uid };
      const podRef = refOf(k8s.pod);
      if (podRef) {
        const pod = await objects.get("pods", namespace, podRef.name);
        if (!pod || deleted(pod)) return "service account token has been invalidated";
        if (pod.metadata.uid !== podRef.uid) return `pod UID (${pod.metadata.uid ?? ""}) does not match service account pod ref claim (${podRef.uid})`;
        info.podName = podRef.name;
        info.podUid = podRef.uid;
      }
      const nodeRef = refOf(k8s.node);
      if (nodeRef) {
        // A node binding is checked only for tokens bound to the node itself; a pod's token
        // names its node for information (upstream's ServiceAccountTokenNodeBindingValidation).
        if (!podRef) {
          const node = await objects.get("nodes", undefined, nodeRef.name);
          if (!node || deleted(node)) return "service account token has been invalidated";
          if (node.metadata.uid !== nodeRef.uid) return `node UID (${node.metadata.uid ?? ""}) does not match service account node ref claim (${nodeRef.uid})`;
        }
        info.nodeName = nodeRef.name;
        info.nodeUid = nodeRef.uid;
      }
      if (claims.jti) info.credentialId = `JTI=${claims.jti}`;
      return info;
    },
  };
}

function refOf(r: Ref | undefined): { name: string; uid: string } | undefined {
  return isObject(r) ? { name: str(r.name), uid: str(r.uid) } : undefined;
}

function str(v: unknown): string {
  return typeof v === "string" ? v : "";
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
