/**
 * --authorization-mode: the authorizers asked, in order, after the
 * privileged group (system:masters), as kube-apiserver builds its chain.
 * "Node" is the Node authorizer when one is given, no opinion otherwise.
 */
import { NO_OPINION, createAlwaysAllowAuthorizer, createPrivilegedGroupAuthorizer, type Authorizer } from "./authorizer.js";
import { unionAuthorizer } from "./union.js";

export const AUTHORIZATION_MODES = ["AlwaysAllow", "AlwaysDeny", "Node", "RBAC"] as const;
export type AuthorizationMode = (typeof AUTHORIZATION_MODES)[number];
/** kubeadm's default. */
export const DEFAULT_AUTHORIZATION_MODES: AuthorizationMode[] = ["Node", "RBAC"];

/** Upstream's validation of the flag's value ("Node,RBAC"); throws with its message. */
export function parseAuthorizationModes(value: string | string[]): AuthorizationMode[] {
  const modes = (Array.isArray(value) ? value : value.split(",")).map((m) => m.trim()).filter(Boolean);
  if (modes.length === 0) throw new Error("at least one authorization-mode must be passed");
  for (const m of modes) if (!(AUTHORIZATION_MODES as readonly string[]).includes(m)) throw new Error(`authorization-mode ${JSON.stringify(m)} is not a valid mode`);
  if (new Set(modes).size !== modes.length) throw new Error(`authorization-mode ${JSON.stringify(modes.join(","))} has mode specified more than once`);
  return modes as AuthorizationMode[];
}

const noRules = async () => ({ resourceRules: [], nonResourceRules: [], incomplete: false });
const noOpinion: Authorizer = { authorize: async () => NO_OPINION, rulesFor: noRules };
/** Upstream's AlwaysDeny: an explicit deny, so nothing after it is asked. */
const alwaysDeny: Authorizer = { authorize: async () => ({ allowed: false, denied: true, reason: "" }), rulesFor: async () => ({ resourceRules: [], nonResourceRules: [], incomplete: true }) };

export function buildAuthorizerChain(modes: AuthorizationMode[], members: { rbac: () => Authorizer; node?: Authorizer }): Authorizer {
  const chain: Authorizer[] = [createPrivilegedGroupAuthorizer()];
  for (const m of modes) {
    if (m === "AlwaysAllow") chain.push(createAlwaysAllowAuthorizer());
    else if (m === "AlwaysDeny") chain.push(alwaysDeny);
    else if (m === "Node") chain.push(members.node ?? noOpinion);
    else chain.push(members.rbac());
  }
  return unionAuthorizer(chain);
}
