/**
 * The token cleaner: deletes bootstrap token Secrets (kube-system) once
 * their expiration has passed, each at its own time.
 */
import type { Secret } from "kubernetes-types/core/v1.js";
import { isApiError } from "../../api/errors.js";
import type { KubeObject } from "../../api/types.js";
import { createWorkQueue, runController } from "../../client/index.js";
import { SECRETS } from "../../client/resources.js";
import type { Controller } from "../../client/types.js";
import { BOOTSTRAP_TOKEN_SECRET_TYPE, readBootstrapTokenSecret } from "../../pki/index.js";
import { runnerLogs, type ControllerContext } from "../context.js";

export const TOKEN_CLEANER = "token-cleaner";
const MAX_DELAY_MS = 2 ** 31 - 1;
type SecretObject = Secret & KubeObject;

export function createTokenCleaner(ctx: ControllerContext): Controller {
  const { client, clock } = ctx;
  const secrets = ctx.informers.forResource<SecretObject>(SECRETS, { namespace: "kube-system" });
  const queue = createWorkQueue<string>({ clock, name: "token_cleaner" });
  const enqueue = (s: SecretObject) => s.type === BOOTSTRAP_TOKEN_SECRET_TYPE && queue.add(s.metadata.name!);
  secrets.addEventHandler({ onAdd: enqueue, onUpdate: (_o, s) => enqueue(s) });

  async function sync(name: string): Promise<void> {
    const s = secrets.lister.get("kube-system", name);
    if (!s || s.metadata.deletionTimestamp || s.type !== BOOTSTRAP_TOKEN_SECRET_TYPE) return;
    // Upstream reads only the expiration: a Secret malformed otherwise is still cleaned up when it has one.
    const raw = s.data?.expiration;
    const expiration = readBootstrapTokenSecret(s as Parameters<typeof readBootstrapTokenSecret>[0])?.expiration ?? (raw ? new Date(Buffer.from(raw, "base64").toString()) : undefined);
    if (!expiration) return;
    const left = expiration.getTime() - clock.now();
    if (!(left <= 0) && !Number.isNaN(left)) {
      // Timers hold at most 2^31-1 ms: a token expiring later is looked at again then.
      queue.addAfter(name, Math.min(left, MAX_DELAY_MS));
      return;
    }
    ctx.log(3, `Deleting expired secret kube-system/${name}`);
    try {
      await client.delete(SECRETS, "kube-system", name, { preconditions: { uid: s.metadata.uid } });
    } catch (err) {
      if (!isApiError(err, "NotFound") && !isApiError(err, "Conflict")) throw err;
    }
  }

  return {
    name: TOKEN_CLEANER,
    async run(signal, workers) {
      if (!(await ctx.informers.waitForCacheSync(signal))) return;
      await runController({ name: "token cleaner", queue, workers, signal, sync, ...runnerLogs(ctx) });
    },
  };
}
