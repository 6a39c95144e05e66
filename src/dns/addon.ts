/**
 * The cluster DNS add-on's objects, as kubeadm creates them (its CoreDNS
 * manifests): the kube-dns Service at the fixed cluster IP (the tenth
 * address of the service range), the coredns Deployment (2 replicas), its
 * ConfigMap holding kubeadm's Corefile, the coredns ServiceAccount and the
 * system:coredns ClusterRole and ClusterRoleBinding. On sim nodes the
 * coredns pods are sim containers; Skiff's DNS server answers for them
 * (isDnsServerPod names them for the simulated network).
 */
import type { KubeObject } from "../api/types.js";

export const DNS_NAMESPACE = "kube-system";
export const DNS_SERVICE_NAME = "kube-dns";
export const DNS_DEPLOYMENT_NAME = "coredns";
/** kubeadm's pinned CoreDNS for Kubernetes 1.35. */
export const COREDNS_VERSION = "v1.13.1";
export const COREDNS_IMAGE = `registry.k8s.io/coredns/coredns:${COREDNS_VERSION}`;
/** The ttl of kubeadm's Corefile (the kubernetes plugin's own default is 5). */
export const COREFILE_TTL = 30;
export const DNS_LABELS = { "k8s-app": "kube-dns" } as const;

/** kubeadm's Corefile for a cluster domain. */
export function corefile(clusterDomain: string): string {
  return `.:53 {
    errors
    health {
       lameduck 5s
    }
    ready
    kubernetes ${clusterDomain} in-addr.arpa ip6.arpa {
       pods insecure
       fallthrough in-addr.arpa ip6.arpa
       ttl ${COREFILE_TTL}
    }
    prometheus :9153
    forward . /etc/resolv.conf {
       max_concurrent 1000
    }
    cache 30 {
       disable success ${clusterDomain}
       disable denial ${clusterDomain}
    }
    loop
    reload
    loadbalance
}
`;
}

export interface DnsAddonOptions {
  clusterDomain: string;
  /** The kube-dns Service's cluster IP (defaultClusterDNS of the service range). */
  dnsIP: string;
  /** The coredns Deployment's replicas (kubeadm: 2); 0 leaves the Deployment out. */
  replicas?: number;
}

/** Create bodies, in creation order. */
export function dnsAddonObjects(o: DnsAddonOptions): KubeObject[] {
  const replicas = o.replicas ?? 2;
  const ports = [
    { name: "dns", port: 53, protocol: "UDP", targetPort: 53 },
    { name: "dns-tcp", port: 53, protocol: "TCP", targetPort: 53 },
    { name: "metrics", port: 9153, protocol: "TCP", targetPort: 9153 },
  ];
  const objects: Record<string, unknown>[] = [
    { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "coredns", namespace: DNS_NAMESPACE } },
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRole",
      metadata: { name: "system:coredns" },
      rules: [
        { apiGroups: [""], resources: ["endpoints", "services", "pods", "namespaces"], verbs: ["list", "watch"] },
        { apiGroups: ["discovery.k8s.io"], resources: ["endpointslices"], verbs: ["list", "watch"] },
      ],
    },
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRoleBinding",
      metadata: { name: "system:coredns" },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "system:coredns" },
      subjects: [{ kind: "ServiceAccount", name: "coredns", namespace: DNS_NAMESPACE }],
    },
    { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "coredns", namespace: DNS_NAMESPACE }, data: { Corefile: corefile(o.clusterDomain) } },
    {
      apiVersion: "v1",
      kind: "Service",
      metadata: {
        name: DNS_SERVICE_NAME,
        namespace: DNS_NAMESPACE,
        labels: { ...DNS_LABELS, "kubernetes.io/cluster-service": "true", "kubernetes.io/name": "CoreDNS" },
        annotations: { "prometheus.io/port": "9153", "prometheus.io/scrape": "true" },
      },
      spec: { clusterIP: o.dnsIP, ports, selector: { ...DNS_LABELS } },
    },
  ];
  if (replicas > 0) objects.push(deployment(replicas));
  return objects as KubeObject[];
}

function deployment(replicas: number): Record<string, unknown> {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: DNS_DEPLOYMENT_NAME, namespace: DNS_NAMESPACE, labels: { ...DNS_LABELS } },
    spec: {
      replicas,
      strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 1 } },
      selector: { matchLabels: { ...DNS_LABELS } },
      template: {
        metadata: { labels: { ...DNS_LABELS } },
        spec: {
          priorityClassName: "system-cluster-critical",
          serviceAccountName: "coredns",
          affinity: {
            podAntiAffinity: {
              preferredDuringSchedulingIgnoredDuringExecution: [
                { weight: 100, podAffinityTerm: { labelSelector: { matchExpressions: [{ key: "k8s-app", operator: "In", values: ["kube-dns"] }] }, topologyKey: "kubernetes.io/hostname" } },
              ],
            },
          },
          tolerations: [
            { key: "CriticalAddonsOnly", operator: "Exists" },
            { key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" },
          ],
          nodeSelector: { "kubernetes.io/os": "linux" },
          containers: [
            {
              name: "coredns",
              image: COREDNS_IMAGE,
              imagePullPolicy: "IfNotPresent",
              resources: { limits: { memory: "170Mi" }, requests: { cpu: "100m", memory: "70Mi" } },
              args: ["-conf", "/etc/coredns/Corefile"],
              volumeMounts: [{ name: "config-volume", mountPath: "/etc/coredns", readOnly: true }],
              ports: [
                { containerPort: 53, name: "dns", protocol: "UDP" },
                { containerPort: 53, name: "dns-tcp", protocol: "TCP" },
                { containerPort: 9153, name: "metrics", protocol: "TCP" },
                { containerPort: 8080, name: "liveness-probe", protocol: "TCP" },
                { containerPort: 8181, name: "readiness-probe", protocol: "TCP" },
              ],
              livenessProbe: { httpGet: { path: "/health", port: "liveness-probe", scheme: "HTTP" }, initialDelaySeconds: 60, timeoutSeconds: 5, successThreshold: 1, failureThreshold: 5 },
              readinessProbe: { httpGet: { path: "/ready", port: "readiness-probe", scheme: "HTTP" } },
              securityContext: { allowPrivilegeEscalation: false, capabilities: { add: ["NET_BIND_SERVICE"], drop: ["ALL"] }, readOnlyRootFilesystem: true },
            },
          ],
          dnsPolicy: "Default",
          volumes: [{ name: "config-volume", configMap: { name: "coredns", items: [{ key: "Corefile", path: "Corefile" }] } }],
        },
      },
    },
  };
}

/** Whether a pod is one of the cluster DNS server's (kube-system, k8s-app=kube-dns): its port 53 is answered by Skiff's DNS server. */
export function isDnsServerPod(pod: { metadata?: { namespace?: string; labels?: Record<string, string> } }): boolean {
  return pod.metadata?.namespace === DNS_NAMESPACE && pod.metadata?.labels?.["k8s-app"] === DNS_LABELS["k8s-app"];
}
