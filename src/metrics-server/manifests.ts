/**
 * The objects of upstream's components.yaml (metrics-server v0.8.0) that
 * `skiff up` creates at first start, with these departures:
 *
 * - the APIService trusts the cluster CA (caBundle) instead of
 *   insecureSkipTLSVerify: the serving certificate for
 *   metrics-server.kube-system.svc is issued by the cluster CA and kept in
 *   the Secret kube-system/metrics-server-certs, mounted at
 *   /etc/metrics-server (--tls-cert-file, --tls-private-key-file);
 * - the same Secret carries a kubeconfig and a kubelet client certificate
 *   for system:serviceaccount:kube-system:metrics-server (Skiff does not
 *   accept service-account tokens yet): --kubeconfig,
 *   --kubelet-client-certificate, --kubelet-client-key;
 * - --kubelet-insecure-tls, as kubelets serve self-signed certificates.
 */
import type { KubeObject } from "../api/types.js";
import { serviceAccountGroups, serviceAccountUsername } from "../apiserver/authn/service-account-jwt.js";
import { issueClientCert, issueServingCert, renderKubeconfig, type CertificateAuthority } from "../pki/index.js";
import type { Clock } from "../util/clock.js";
import { METRICS_SERVER_VERSION } from "./sim-program.js";

export const METRICS_SERVER_NAMESPACE = "kube-system";
export const METRICS_SERVER_NAME = "metrics-server";
export const METRICS_SERVER_IMAGE = `registry.k8s.io/metrics-server/metrics-server:${METRICS_SERVER_VERSION}`;
export const METRICS_APISERVICE = "v1beta1.metrics.k8s.io";
const SECRET = "metrics-server-certs";
const CERT_DIR = "/etc/metrics-server";
const SA_USER = serviceAccountUsername(METRICS_SERVER_NAMESPACE, METRICS_SERVER_NAME);
const SA_GROUPS = serviceAccountGroups(METRICS_SERVER_NAMESPACE);

const labels = { "k8s-app": METRICS_SERVER_NAME };
const meta = (name: string, extra: Record<string, unknown> = {}) => ({ name, namespace: METRICS_SERVER_NAMESPACE, labels: { ...labels }, ...extra });
const clusterMeta = (name: string, extraLabels: Record<string, string> = {}) => ({ name, labels: { ...labels, ...extraLabels } });
const sa = { kind: "ServiceAccount", name: METRICS_SERVER_NAME, namespace: METRICS_SERVER_NAMESPACE };

export const METRICS_SERVER_ARGS = [
  "--cert-dir=/tmp",
  "--secure-port=10250",
  "--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname",
  "--kubelet-use-node-status-port",
  "--metric-resolution=15s",
  "--kubelet-insecure-tls",
  `--tls-cert-file=${CERT_DIR}/tls.crt`,
  `--tls-private-key-file=${CERT_DIR}/tls.key`,
  `--kubeconfig=${CERT_DIR}/kubeconfig`,
  `--kubelet-client-certificate=${CERT_DIR}/client.crt`,
  `--kubelet-client-key=${CERT_DIR}/client.key`,
];

/** The credentials the Secret holds, issued by the cluster CA. */
async function certificates(ca: CertificateAuthority, clock: Clock) {
  const service = `${METRICS_SERVER_NAME}.${METRICS_SERVER_NAMESPACE}.svc`;
  const serving = await issueServingCert(ca, { commonName: service, dnsNames: [METRICS_SERVER_NAME, `${METRICS_SERVER_NAME}.${METRICS_SERVER_NAMESPACE}`, service, `${service}.cluster.local`], clock });
  const client = await issueClientCert(ca, { commonName: SA_USER, organizations: SA_GROUPS, clock });
  const kubeconfig = renderKubeconfig({ server: "https://kubernetes.default.svc", caPem: ca.certPem, certPem: client.certPem, keyPem: client.keyPem, userName: METRICS_SERVER_NAME, clusterName: "default", contextName: "default" });
  return { serving, client, kubeconfig };
}

const b64 = (s: string) => Buffer.from(s).toString("base64");

export async function metricsServerObjects(ca: CertificateAuthority, clock: Clock): Promise<KubeObject[]> {
  const certs = await certificates(ca, clock);
  const objects: Record<string, unknown>[] = [
    { apiVersion: "v1", kind: "ServiceAccount", metadata: meta(METRICS_SERVER_NAME) },
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRole",
      metadata: clusterMeta("system:aggregated-metrics-reader", { "rbac.authorization.k8s.io/aggregate-to-admin": "true", "rbac.authorization.k8s.io/aggregate-to-edit": "true", "rbac.authorization.k8s.io/aggregate-to-view": "true" }),
      rules: [{ apiGroups: ["metrics.k8s.io"], resources: ["pods", "nodes"], verbs: ["get", "list", "watch"] }],
    },
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRole",
      metadata: clusterMeta("system:metrics-server"),
      rules: [
        { apiGroups: [""], resources: ["nodes/metrics"], verbs: ["get"] },
        { apiGroups: [""], resources: ["pods", "nodes"], verbs: ["get", "list", "watch"] },
      ],
    },
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "RoleBinding",
      metadata: meta("metrics-server-auth-reader"),
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "extension-apiserver-authentication-reader" },
      subjects: [sa],
    },
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRoleBinding",
      metadata: clusterMeta("metrics-server:system:auth-delegator"),
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "system:auth-delegator" },
      subjects: [sa],
    },
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRoleBinding",
      metadata: clusterMeta("system:metrics-server"),
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "system:metrics-server" },
      subjects: [sa],
    },
    {
      apiVersion: "v1",
      kind: "Secret",
      metadata: meta(SECRET),
      type: "Opaque",
      data: { "tls.crt": b64(certs.serving.certPem), "tls.key": b64(certs.serving.keyPem), "client.crt": b64(certs.client.certPem), "client.key": b64(certs.client.keyPem), kubeconfig: b64(certs.kubeconfig) },
    },
    {
      apiVersion: "v1",
      kind: "Service",
      metadata: meta(METRICS_SERVER_NAME),
      spec: { ports: [{ name: "https", port: 443, protocol: "TCP", targetPort: "https" }], selector: { ...labels } },
    },
    {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: meta(METRICS_SERVER_NAME),
      spec: {
        selector: { matchLabels: { ...labels } },
        strategy: { rollingUpdate: { maxUnavailable: 0 } },
        template: {
          metadata: { labels: { ...labels } },
          spec: {
            containers: [
              {
                name: METRICS_SERVER_NAME,
                image: METRICS_SERVER_IMAGE,
                imagePullPolicy: "IfNotPresent",
                args: METRICS_SERVER_ARGS,
                ports: [{ containerPort: 10250, name: "https", protocol: "TCP" }],
                livenessProbe: { failureThreshold: 3, httpGet: { path: "/livez", port: "https", scheme: "HTTPS" }, periodSeconds: 10 },
                readinessProbe: { failureThreshold: 3, httpGet: { path: "/readyz", port: "https", scheme: "HTTPS" }, periodSeconds: 10 },
                resources: { requests: { cpu: "100m", memory: "200Mi" } },
                securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] }, readOnlyRootFilesystem: true, runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: "RuntimeDefault" } },
                volumeMounts: [
                  { mountPath: "/tmp", name: "tmp-dir" },
                  { mountPath: CERT_DIR, name: "certs", readOnly: true },
                ],
              },
            ],
            nodeSelector: { "kubernetes.io/os": "linux" },
            priorityClassName: "system-cluster-critical",
            serviceAccountName: METRICS_SERVER_NAME,
            volumes: [
              { emptyDir: {}, name: "tmp-dir" },
              { name: "certs", secret: { secretName: SECRET } },
            ],
          },
        },
      },
    },
    {
      apiVersion: "apiregistration.k8s.io/v1",
      kind: "APIService",
      metadata: { name: METRICS_APISERVICE, labels: { ...labels } },
      spec: { group: "metrics.k8s.io", groupPriorityMinimum: 100, caBundle: b64(ca.certPem), service: { name: METRICS_SERVER_NAME, namespace: METRICS_SERVER_NAMESPACE }, version: "v1beta1", versionPriority: 100 },
    },
  ];
  return objects as KubeObject[];
}
