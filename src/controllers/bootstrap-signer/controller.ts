/**
 * The bootstrap signer: keeps `jws-kubeconfig-<token-id>` in the
 * cluster-info ConfigMap (kube-public) equal to the detached JWS of its
 * kubeconfig for every unexpired bootstrap token with
 * usage-bootstrap-signing, and removes the signatures of tokens that are
 * gone, expired or no longer for signing. One key: the whole ConfigMap is
 * recomputed on any change of it or of a token Secret.
 */
import type { ConfigMap, Secret } from "kubernetes-types/core/v1.js";
import { isApiError } from "../../api/errors.js";
import type { KubeObject } from "../../api/types.js";
import { createWorkQueue, runController } from "../../client/index.js";
import { CONFIGMAPS, SECRETS } from "../../client/resources.js";
import type { Controller } from "../../client/types.js";
import {
  BOOTSTRAP_TOKEN_SECRET_TYPE,
  CLUSTER_INFO_KUBECONFIG_KEY,
  CLUSTER_INFO_NAME,
  CLUSTER_INFO_NAMESPACE,
  JWS_KEY_PREFIX,
  computeDetachedSignature,
  isTokenExpired,
  readBootstrapTokenSecret,
} from "../../pki/index.js";
import { runnerLogs, type ControllerContext } from "../context.js";

export const BOOTSTRAP_SIGNER = "bootstrap-signer";
type ConfigMapObject = ConfigMap & KubeObject;
type SecretObject = Secret & KubeObject;
const KEY = `${CLUSTER_INFO_NAMESPACE}/${CLUSTER_INFO_NAME}`;

/** The signatures cluster-info should carry for these token Secrets at time now. */
export function wantedSignatures(kubeconfig: string, secrets: readonly SecretObject[], now: number): Record<string, string> {
  const out: Record<string, string> = {};
  for (const s of secrets) {
    if (s.metadata.deletionTimestamp) continue;
    const t = readBootstrapTokenSecret(s as Parameters<typeof readBootstrapTokenSecret>[0]);
    if (!t || !t.usages.includes("signing") || isTokenExpired(t, now)) continue;
    out[`${JWS_KEY_PREFIX}${t.id}`] = computeDetachedSignature(kubeconfig, t.id, t.secret);
  }
  return out;
}

export function createBootstrapSigner(ctx: ControllerContext): Controller {
  const { client, clock } = ctx;
  const configMaps = ctx.informers.forResource<ConfigMapObject>(CONFIGMAPS, { namespace: CLUSTER_INFO_NAMESPACE });
  const secrets = ctx.informers.forResource<SecretObject>(SECRETS, { namespace: "kube-system" });
  const queue = createWorkQueue<string>({ clock, name: "bootstrap_signer_queue" });
  const isToken = (s: SecretObject) => s.type === BOOTSTRAP_TOKEN_SECRET_TYPE;
  const isClusterInfo = (cm: ConfigMapObject) => cm.metadata.name === CLUSTER_INFO_NAME;
  configMaps.addEventHandler({ onAdd: (cm) => isClusterInfo(cm) && queue.add(KEY), onUpdate: (_o, cm) => isClusterInfo(cm) && queue.add(KEY) });
  secrets.addEventHandler({
    onAdd: (s) => isToken(s) && queue.add(KEY),
    onUpdate: (o, s) => (isToken(o) || isToken(s)) && queue.add(KEY),
    onDelete: (s) => isToken(s) && queue.add(KEY),
  });

  async function sync(): Promise<void> {
    const cm = configMaps.lister.get(CLUSTER_INFO_NAMESPACE, CLUSTER_INFO_NAME);
    const kubeconfig = cm?.data?.[CLUSTER_INFO_KUBECONFIG_KEY];
    if (!cm || kubeconfig === undefined) return;
    const tokens = secrets.lister.list("kube-system").filter(isToken);
    const now = clock.now();
    const wanted = wantedSignatures(kubeconfig, tokens, now);
    const data: Record<string, string> = {};
    for (const [k, v] of Object.entries(cm.data ?? {})) if (!k.startsWith(JWS_KEY_PREFIX)) data[k] = v;
    Object.assign(data, wanted);
    if (!sameData(data, cm.data ?? {})) {
      try {
        await client.update(CONFIGMAPS, CLUSTER_INFO_NAMESPACE, { ...cm, data });
      } catch (err) {
        if (!isApiError(err, "Conflict") && !isApiError(err, "NotFound")) throw err;
        queue.add(KEY);
      }
    }
    // Signatures of a token disappear when it expires: look again then.
    const nextExpiry = Math.min(
      ...tokens.map((s) => readBootstrapTokenSecret(s as Parameters<typeof readBootstrapTokenSecret>[0])?.expiration?.getTime() ?? Infinity).filter((t) => t > now),
    );
    // Timers hold at most 2^31-1 ms: a later expiry is looked at again then.
    if (Number.isFinite(nextExpiry)) queue.addAfter(KEY, Math.min(nextExpiry - now, 2 ** 31 - 1));
  }

  return {
    name: BOOTSTRAP_SIGNER,
    async run(signal, workers) {
      if (!(await ctx.informers.waitForCacheSync(signal))) return;
      queue.add(KEY);
      await runController({ name: "bootstrap signer", queue, workers, signal, sync, ...runnerLogs(ctx) });
    },
  };
}

function sameData(a: Record<string, string>, b: Record<string, string>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}
