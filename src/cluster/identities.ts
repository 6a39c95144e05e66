/** The users components act as, as upstream's component certificates name them. */
import type { UserInfo } from "../api/types.js";

export const controllerManagerUser: UserInfo = { username: "system:kube-controller-manager", groups: ["system:authenticated"] };
export const schedulerUser: UserInfo = { username: "system:kube-scheduler", groups: ["system:authenticated"] };
export const adminUser: UserInfo = { username: "admin", groups: ["system:masters", "system:authenticated"] };

export function nodeUser(nodeName: string): UserInfo {
  return { username: `system:node:${nodeName}`, groups: ["system:nodes", "system:authenticated"] };
}
