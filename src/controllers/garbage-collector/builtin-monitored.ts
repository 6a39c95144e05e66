/**
 * The built-in resources the garbage collector always watches, as
 * deletableResources() derives them from the scheme (resources.test.ts
 * holds the two equal). Kept as a table so that the components thread
 * does not load the whole scheme, its validation and CEL, for this list.
 */
import type { MonitoredResource } from "./resources.js";

// [group, version, resource, kind, namespaced]
const TABLE: [string, string, string, string, boolean][] = [
  ["", "v1", "configmaps", "ConfigMap", true],
  ["", "v1", "endpoints", "Endpoints", true],
  ["", "v1", "limitranges", "LimitRange", true],
  ["", "v1", "namespaces", "Namespace", false],
  ["", "v1", "nodes", "Node", false],
  ["", "v1", "persistentvolumeclaims", "PersistentVolumeClaim", true],
  ["", "v1", "persistentvolumes", "PersistentVolume", false],
  ["", "v1", "pods", "Pod", true],
  ["", "v1", "podtemplates", "PodTemplate", true],
  ["", "v1", "replicationcontrollers", "ReplicationController", true],
  ["", "v1", "resourcequotas", "ResourceQuota", true],
  ["", "v1", "secrets", "Secret", true],
  ["", "v1", "serviceaccounts", "ServiceAccount", true],
  ["", "v1", "services", "Service", true],
  ["apiregistration.k8s.io", "v1", "apiservices", "APIService", false],
  ["apps", "v1", "controllerrevisions", "ControllerRevision", true],
  ["apps", "v1", "daemonsets", "DaemonSet", true],
  ["apps", "v1", "deployments", "Deployment", true],
  ["apps", "v1", "replicasets", "ReplicaSet", true],
  ["apps", "v1", "statefulsets", "StatefulSet", true],
  ["autoscaling", "v2", "horizontalpodautoscalers", "HorizontalPodAutoscaler", true],
  ["batch", "v1", "cronjobs", "CronJob", true],
  ["batch", "v1", "jobs", "Job", true],
  ["certificates.k8s.io", "v1", "certificatesigningrequests", "CertificateSigningRequest", false],
  ["networking.k8s.io", "v1", "networkpolicies", "NetworkPolicy", true],
  ["networking.k8s.io", "v1", "ingresses", "Ingress", true],
  ["networking.k8s.io", "v1", "ingressclasses", "IngressClass", false],
  ["networking.k8s.io", "v1", "ipaddresses", "IPAddress", false],
  ["networking.k8s.io", "v1", "servicecidrs", "ServiceCIDR", false],
  ["policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget", true],
  ["rbac.authorization.k8s.io", "v1", "clusterrolebindings", "ClusterRoleBinding", false],
  ["rbac.authorization.k8s.io", "v1", "clusterroles", "ClusterRole", false],
  ["rbac.authorization.k8s.io", "v1", "rolebindings", "RoleBinding", true],
  ["rbac.authorization.k8s.io", "v1", "roles", "Role", true],
  ["storage.k8s.io", "v1", "csidrivers", "CSIDriver", false],
  ["storage.k8s.io", "v1", "csinodes", "CSINode", false],
  ["storage.k8s.io", "v1", "csistoragecapacities", "CSIStorageCapacity", true],
  ["storage.k8s.io", "v1", "storageclasses", "StorageClass", false],
  ["storage.k8s.io", "v1", "volumeattachments", "VolumeAttachment", false],
  ["storage.k8s.io", "v1", "volumeattributesclasses", "VolumeAttributesClass", false],
  ["admissionregistration.k8s.io", "v1", "mutatingwebhookconfigurations", "MutatingWebhookConfiguration", false],
  ["admissionregistration.k8s.io", "v1", "validatingadmissionpolicies", "ValidatingAdmissionPolicy", false],
  ["admissionregistration.k8s.io", "v1", "validatingadmissionpolicybindings", "ValidatingAdmissionPolicyBinding", false],
  ["admissionregistration.k8s.io", "v1", "validatingwebhookconfigurations", "ValidatingWebhookConfiguration", false],
  ["apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition", false],
  ["coordination.k8s.io", "v1", "leases", "Lease", true],
  ["discovery.k8s.io", "v1", "endpointslices", "EndpointSlice", true],
  ["flowcontrol.apiserver.k8s.io", "v1", "flowschemas", "FlowSchema", false],
  ["flowcontrol.apiserver.k8s.io", "v1", "prioritylevelconfigurations", "PriorityLevelConfiguration", false],
  ["node.k8s.io", "v1", "runtimeclasses", "RuntimeClass", false],
  ["scheduling.k8s.io", "v1", "priorityclasses", "PriorityClass", false],
  ["resource.k8s.io", "v1", "deviceclasses", "DeviceClass", false],
  ["resource.k8s.io", "v1", "resourceclaims", "ResourceClaim", true],
  ["resource.k8s.io", "v1", "resourceclaimtemplates", "ResourceClaimTemplate", true],
  ["resource.k8s.io", "v1", "resourceslices", "ResourceSlice", false],
  ["chaos.skiff.dev", "v1", "faults", "Fault", false],
];

export const BUILTIN_MONITORED_RESOURCES: readonly MonitoredResource[] = TABLE.map(([group, version, resource, kind, namespaced]) => ({ gvr: { group, version, resource }, kind, namespaced }));
