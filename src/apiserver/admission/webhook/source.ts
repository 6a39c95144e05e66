/**
 * The webhooks of every MutatingWebhookConfiguration or
 * ValidatingWebhookConfiguration, read from the API server's watch cache
 * (kept current by a store watch; no store read per request) and
 * compiled again only when a configuration changes. Configurations are
 * taken in name order, webhooks in their configuration's order.
 */
import type { MutatingWebhook, ValidatingWebhook } from "kubernetes-types/admissionregistration/v1.js";
import type { AdmissionRule } from "../../../api/admissionregistration/rules.js";
import type { KubeObject } from "../../../api/types.js";
import { compileMatchConditions, type CompiledCondition } from "./match-conditions.js";

export type AnyWebhook = (MutatingWebhook | ValidatingWebhook) & { rules?: AdmissionRule[]; reinvocationPolicy?: string };

export interface Hook {
  /** The webhook's name, unique within its configuration. */
  name: string;
  configuration: string;
  webhook: AnyWebhook;
  conditions: CompiledCondition[];
}

/** The current configurations of one kind, with a token that changes whenever they do. */
export interface ConfigurationSnapshot {
  objects: readonly KubeObject[];
  version: string;
}

export type ConfigurationSource = () => Promise<ConfigurationSnapshot>;

export function hooksOf(objects: readonly KubeObject[]): Hook[] {
  const sorted = [...objects].sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : a.metadata.name! > b.metadata.name! ? 1 : 0));
  return sorted.flatMap((cfg) =>
    ((cfg.webhooks as AnyWebhook[] | undefined) ?? []).map((w) => ({ name: w.name, configuration: cfg.metadata.name!, webhook: w, conditions: compileMatchConditions(w.matchConditions) })),
  );
}

/** Compiled hooks, recompiled when the snapshot's version moves. */
export function cachedHooks(source: ConfigurationSource): () => Promise<Hook[]> {
  let cached: { version: string; hooks: Hook[] } | undefined;
  return async () => {
    const snap = await source();
    if (cached?.version !== snap.version) cached = { version: snap.version, hooks: hooksOf(snap.objects) };
    return cached.hooks;
  };
}
