/** The control plane components, by the name of their secure port's certificate. */
export type ControlPlaneComponentName = "kube-controller-manager" | "kube-scheduler";

export const CONTROL_PLANE_COMPONENTS: readonly ControlPlaneComponentName[] = ["kube-controller-manager", "kube-scheduler"];
