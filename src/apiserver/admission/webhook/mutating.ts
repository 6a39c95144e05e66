/**
 * MutatingAdmissionWebhook: matching webhooks are called one after the
 * other, each seeing the object as the previous left it, their JSONPatch
 * applied in place. A webhook with reinvocationPolicy IfNeeded is called
 * once more when a webhook after it changed the object (upstream's
 * reinvocation; only webhooks mutate after this plugin in Skiff's chain).
 */
import { internalError } from "../../../api/errors.js";
import type { AdmissionAttributes, AdmissionPlugin } from "../types.js";
import { WebhookCallError } from "./call.js";
import { invoke, shouldCall, type DispatchDeps, type Invocation } from "./dispatch.js";
import { patchedObject, replaceInPlace } from "./patch.js";
import { isExemptConfigurationResource, requestInfo, type AdmissionRequestInfo } from "./request.js";
import type { Hook } from "./source.js";

/** Calls one webhook and applies its patch; whether the object changed. */
async function mutateOnce(inv: Invocation, req: AdmissionRequestInfo, deps: DispatchDeps): Promise<boolean> {
  const attrs = req.attrs;
  const result = await invoke(inv, req, attrs.object, "admit", deps);
  const patch = result?.response.patch;
  if (!patch || !attrs.object) return false;
  if (result.response.patchType !== "JSONPatch") {
    throw internalError(new WebhookCallError(inv.hook.name, `unsupported patch type ${JSON.stringify(result.response.patchType)}`));
  }
  const sent = inv.convert ? inv.convert.to(attrs.object) : attrs.object;
  let patched = patchedObject(sent, patch);
  if (inv.convert) patched = inv.convert.from(patched);
  return replaceInPlace(attrs.object, patched);
}

export function createMutatingWebhookAdmission(hooks: () => Promise<Hook[]>, deps: DispatchDeps): AdmissionPlugin {
  return {
    name: "MutatingAdmissionWebhook",
    async admit(attrs: AdmissionAttributes) {
      const req = requestInfo(attrs);
      if (isExemptConfigurationResource(req.resource)) return;
      const all = await hooks();
      if (!all.length) return;
      const reinvocable: { inv: Invocation; round: number }[] = [];
      let lastChange = -1;
      for (const [i, h] of all.entries()) {
        const inv = shouldCall(h, req, deps);
        if (!inv) continue;
        if (await mutateOnce(inv, req, deps)) lastChange = i;
        if (h.webhook.reinvocationPolicy === "IfNeeded") reinvocable.push({ inv, round: i });
      }
      // Reinvoke, once, the IfNeeded webhooks whose output a later webhook changed.
      const again = reinvocable.filter((r) => r.round < lastChange);
      for (const { inv } of again) {
        const fresh = shouldCall(inv.hook, req, deps);
        if (fresh) await mutateOnce(fresh, req, deps);
      }
    },
  };
}
