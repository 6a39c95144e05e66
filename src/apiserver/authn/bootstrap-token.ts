/**
 * The bootstrap token authenticator (upstream's --enable-bootstrap-token-auth,
 * on in kubeadm clusters): a bearer token `<id>.<secret>` is the user
 * system:bootstrap:<id> in system:bootstrappers and the token's
 * auth-extra-groups, while its Secret kube-system/bootstrap-token-<id>
 * exists, is not being deleted, has not expired, allows
 * usage-bootstrap-authentication and holds the same secret.
 */
import type { UserInfo } from "../../api/types.js";
import {
  BOOTSTRAP_DEFAULT_GROUP,
  BOOTSTRAP_USER_PREFIX,
  bootstrapGroupError,
  bootstrapTokenSecretName,
  isTokenExpired,
  parseBootstrapToken,
  readBootstrapTokenSecret,
  secretsEqual,
} from "../../pki/index.js";
import type { Clock } from "../../util/clock.js";
import type { TokenAuthenticator } from "./token.js";

/** The parts of a Secret the authenticator reads. */
export interface BootstrapTokenSecretObject {
  metadata: { name?: string; namespace?: string; deletionTimestamp?: string };
  type?: string;
  data?: Record<string, string>;
}

export interface BootstrapTokenAuthenticatorOptions {
  /** A Secret in kube-system by name, undefined when absent. */
  getSecret(name: string): Promise<BootstrapTokenSecretObject | undefined>;
  clock: Clock;
  /** Why a token was refused (upstream logs these at V3); default silent. */
  log?: (message: string) => void;
}

export function createBootstrapTokenAuthenticator(opts: BootstrapTokenAuthenticatorOptions): TokenAuthenticator {
  const refuse = (why: string): undefined => {
    opts.log?.(why);
    return undefined;
  };
  return {
    async authenticateToken(token: string): Promise<UserInfo | undefined> {
      const parsed = parseBootstrapToken(token);
      if (!parsed) return undefined;
      const name = bootstrapTokenSecretName(parsed.id);
      let secret: BootstrapTokenSecretObject | undefined;
      try {
        secret = await opts.getSecret(name);
      } catch {
        return refuse(`bootstrap token: cannot read secret ${name}`);
      }
      if (!secret) return refuse(`No secret of name ${name} to match bootstrap bearer token`);
      if (secret.metadata.deletionTimestamp) return refuse(`Secret ${name} is being deleted`);
      const info = readBootstrapTokenSecret(secret);
      if (!info) return refuse(`Secret ${name} is not a valid bootstrap token`);
      // Constant time: the secret half is the credential.
      if (!secretsEqual(info.secret, parsed.secret)) return refuse(`Bootstrap secret ${name} does not match the token`);
      if (isTokenExpired(info, opts.clock.now())) return refuse(`Expired bootstrap token in ${name} Secret`);
      if (!info.usages.includes("authentication")) return refuse(`Bootstrap secret ${name} is not marked usage-bootstrap-authentication`);
      const bad = info.extraGroups.map(bootstrapGroupError).find(Boolean);
      if (bad) return refuse(`Bootstrap secret ${name}: ${bad}`);
      return { username: `${BOOTSTRAP_USER_PREFIX}${info.id}`, groups: [...new Set([BOOTSTRAP_DEFAULT_GROUP, ...info.extraGroups])] };
    },
  };
}
