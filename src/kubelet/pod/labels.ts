/**
 * The labels and annotations the kubelet puts on sandboxes and containers
 * (upstream's kuberuntime labels), by which it finds a pod's pieces again.
 */
export const POD_NAME_LABEL = "io.kubernetes.pod.name";
export const POD_NAMESPACE_LABEL = "io.kubernetes.pod.namespace";
export const POD_UID_LABEL = "io.kubernetes.pod.uid";
export const CONTAINER_NAME_LABEL = "io.kubernetes.container.name";
export const RESTART_COUNT_ANNOTATION = "io.kubernetes.container.restartCount";
