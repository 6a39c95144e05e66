/**
 * What mutating and validating webhooks share (upstream's generic
 * webhook dispatcher): whether a webhook is called for a request (rules,
 * selectors, match conditions, dry-run safety), and how a call's failure
 * is turned into the request's outcome by failurePolicy.
 */
import { ApiError, badRequest, internalError } from "../../../api/errors.js";
import type { KubeObject } from "../../../api/types.js";
import type { Clock } from "../../../util/clock.js";
import { addAuditAnnotation, addWarning } from "../types.js";
import { callWebhook, rejection, WebhookCallError, type CallDeps, type CallResult } from "./call.js";
import { conditionBindings, evaluateMatchConditions } from "./match-conditions.js";
import type { WebhookMetrics, WebhookType } from "./metrics.js";
import { admissionRequest } from "./review.js";
import type { AdmissionRequestInfo } from "./request.js";
import { matchRules, type EquivalentResources, type RuleMatch } from "./rules.js";
import { namespaceSelectorMatches, objectSelectorMatches, type NamespaceLabels } from "./selectors.js";
import type { Hook } from "./source.js";

export interface DispatchDeps extends CallDeps {
  clock: Clock;
  namespaceLabels: NamespaceLabels;
  equivalents?: EquivalentResources;
  metrics?: WebhookMetrics;
  log?: (msg: string) => void;
}

/** A matched webhook: the resource and kind it is sent, and how the object converts to and from them. */
export interface Invocation extends RuleMatch {
  hook: Hook;
}

const ignores = (hook: Hook) => hook.webhook.failurePolicy === "Ignore";

/**
 * The invocation when the webhook is to be called; undefined when it does
 * not apply. Throws when a match condition fails under failurePolicy Fail,
 * or when a webhook with side effects meets a dry run.
 */
export function shouldCall(hook: Hook, req: AdmissionRequestInfo, deps: DispatchDeps): Invocation | undefined {
  const w = hook.webhook;
  const match = matchRules(w.rules, req, w.matchPolicy, deps.equivalents);
  if (!match) return undefined;
  if (!namespaceSelectorMatches(w.namespaceSelector, req, deps.namespaceLabels)) return undefined;
  if (!objectSelectorMatches(w.objectSelector, req)) return undefined;
  const invocation: Invocation = { hook, ...match };
  if (hook.conditions.length) {
    const request = admissionRequest("", req, match, req.attrs.object);
    const outcome = evaluateMatchConditions(hook.conditions, conditionBindings(request.object, request.oldObject, request));
    if ("error" in outcome) {
      const err = new WebhookCallError(hook.name, `failed evaluating match conditions: ${outcome.error}`);
      if (ignores(hook)) {
        deps.log?.(`Failed evaluating match conditions, failing open ${hook.name}: ${outcome.error}`);
        return undefined;
      }
      throw internalError(err);
    }
    if (!outcome.matches) return undefined;
  }
  if (req.attrs.dryRun && w.sideEffects !== "None" && w.sideEffects !== "NoneOnDryRun") {
    throw badRequest(`admission webhook ${JSON.stringify(hook.name)} does not support dry run`);
  }
  return invocation;
}

/**
 * Calls the webhook. Resolves with its allowing answer, or undefined when
 * the call failed and failurePolicy is Ignore; rejects with the refusal,
 * or an InternalError when the call failed and failurePolicy is Fail.
 */
export async function invoke(inv: Invocation, req: AdmissionRequestInfo, object: KubeObject | undefined, type: WebhookType, deps: DispatchDeps): Promise<CallResult | undefined> {
  const { hook } = inv;
  const op = req.attrs.operation;
  const started = deps.clock.now();
  const sent = object && inv.convert ? inv.convert.to(object) : object;
  let result: CallResult;
  try {
    result = await callWebhook(hook.webhook, req, inv, sent, type === "admit", deps);
  } catch (err) {
    deps.metrics?.observeCall(hook.name, type, op, true, (deps.clock.now() - started) / 1000);
    if (!(err instanceof WebhookCallError)) throw err;
    deps.metrics?.observeRejection(hook.name, type, op, "calling_webhook_error", 0);
    if (ignores(hook)) {
      deps.log?.(`Failed calling webhook, failing open ${hook.name}: ${err.message}`);
      return undefined;
    }
    deps.log?.(`Failed calling webhook, failing closed ${hook.name}: ${err.message}`);
    throw internalError(err);
  }
  const allowed = result.response.allowed;
  deps.metrics?.observeCall(hook.name, type, op, !allowed, (deps.clock.now() - started) / 1000);
  for (const w of result.response.warnings ?? []) if (w) addWarning(req.attrs, w);
  // upstream keys a webhook's audit annotations by its name.
  for (const [k, v] of Object.entries(result.response.auditAnnotations ?? {})) addAuditAnnotation(req.attrs, `${hook.name}/${k}`, v);
  if (!allowed) {
    const refusal: ApiError = rejection(hook.name, result.response.status);
    deps.metrics?.observeRejection(hook.name, type, op, "no_error", refusal.code);
    throw refusal;
  }
  return result;
}
