/**
 * ValidatingAdmissionWebhook: every matching validating webhook is called
 * at once; the request fails with the first refusal or failure in webhook
 * order, as upstream's validating dispatcher reports errs[0].
 */
import type { AdmissionPlugin } from "../types.js";
import { invoke, shouldCall, type DispatchDeps } from "./dispatch.js";
import { isExemptConfigurationResource, requestInfo } from "./request.js";
import type { Hook } from "./source.js";

export function createValidatingWebhookAdmission(hooks: () => Promise<Hook[]>, deps: DispatchDeps): AdmissionPlugin {
  return {
    name: "ValidatingAdmissionWebhook",
    async validate(attrs) {
      const req = requestInfo(attrs);
      if (isExemptConfigurationResource(req.resource)) return;
      const all = await hooks();
      if (!all.length) return;
      const calls = all.map((h) => {
        try {
          const inv = shouldCall(h, req, deps);
          return inv ? invoke(inv, req, attrs.object, "validating", deps) : Promise.resolve(undefined);
        } catch (err) {
          return Promise.reject(err);
        }
      });
      const outcomes = await Promise.allSettled(calls);
      const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === "rejected");
      if (failed) throw failed.reason;
    },
  };
}
