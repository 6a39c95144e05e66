/**
 * Authorization of the API server: the authorizer chain of
 * --authorization-mode over an RBAC index kept current from the watch
 * caches, and the enforcement step of the request pipeline.
 */
import type { KubeObject } from "../../api/types.js";
import type { Cacher } from "../../storage/cacher/index.js";
import type { Authorizer } from "./authorizer.js";
import { buildAuthorizerChain, DEFAULT_AUTHORIZATION_MODES, type AuthorizationMode } from "./modes.js";
import { createRbacAuthorizer } from "./rbac-authorizer.js";
import { RbacIndex, type RbacKind } from "./rbac-index.js";
import { watchRbacObjects, type RbacWatch } from "./rbac-watch.js";

export type { Authorizer } from "./authorizer.js";
export { AUTHORIZATION_MODES, DEFAULT_AUTHORIZATION_MODES, parseAuthorizationModes, type AuthorizationMode } from "./modes.js";
export { enforceAuthorization } from "./enforce.js";
export { forbiddenError, forbiddenMessage } from "./forbidden.js";
export { RbacIndex } from "./rbac-index.js";

export interface Authorization {
  authorizer: Authorizer;
  /** Roles and bindings as the RBAC authorizer sees them (for escalation checks). */
  rbac: RbacIndex;
  /** Starts following the RBAC resources' watch caches (RBAC mode only; none served: no RBAC objects). */
  start(cachers: Record<RbacKind, Cacher<KubeObject>> | undefined): void;
  close(): void;
}

export function createAuthorization(opts: { modes?: AuthorizationMode[]; node?: Authorizer } = {}): Authorization {
  const modes = opts.modes ?? DEFAULT_AUTHORIZATION_MODES;
  const rbac = new RbacIndex();
  let synced!: () => void;
  const ready = new Promise<void>((resolve) => (synced = resolve));
  let watch: RbacWatch | undefined;
  const authorizer = buildAuthorizerChain(modes, { rbac: () => createRbacAuthorizer(rbac, ready), node: opts.node });
  return {
    authorizer,
    rbac,
    start(cachers) {
      if (watch || !cachers || !modes.includes("RBAC")) return synced();
      watch = watchRbacObjects(rbac, cachers);
      void watch.ready.then(synced);
    },
    close() {
      watch?.close();
    },
  };
}
