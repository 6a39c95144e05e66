/**
 * Upstream's clusterrole-aggregation controller: a ClusterRole with an
 * aggregationRule gets as rules the union of the rules of every other
 * ClusterRole its selectors match (in name order, each rule once), so
 * admin, edit and view follow the roles labelled aggregate-to-*.
 */
import type { ClusterRole, PolicyRule } from "kubernetes-types/rbac/v1.js";
import { isApiError } from "../../api/errors.js";
import type { KubeObject } from "../../api/types.js";
import { selectorMatches } from "../../api/validation/label-selector.js";
import { createWorkQueue, runController } from "../../client/index.js";
import { CLUSTERROLES } from "../../client/resources.js";
import type { Controller } from "../../client/types.js";
import type { ControllerContext } from "../context.js";
import { runnerLogs } from "../context.js";

export const CLUSTERROLE_AGGREGATION = "clusterrole-aggregation";

type ClusterRoleObject = ClusterRole & KubeObject;

/** The rules an aggregated role should hold, from the roles it selects. */
export function aggregatedRules(role: ClusterRoleObject, all: ClusterRoleObject[]): PolicyRule[] {
  const out: PolicyRule[] = [];
  const seen = new Set<string>();
  const byName = [...all].sort((a, b) => ((a.metadata.name ?? "") < (b.metadata.name ?? "") ? -1 : 1));
  for (const selector of role.aggregationRule?.clusterRoleSelectors ?? []) {
    for (const other of byName) {
      if (other.metadata.name === role.metadata.name || !selectorMatches(selector, other.metadata.labels)) continue;
      for (const rule of other.rules ?? []) {
        const key = ruleKey(rule);
        if (seen.has(key)) continue;
        seen.add(key);
        out.push(rule);
      }
    }
  }
  return out;
}

/** Semantic equality of rules: absent and empty lists are the same. */
function ruleKey(r: PolicyRule): string {
  const list = (v: string[] | undefined) => v ?? [];
  return JSON.stringify([list(r.verbs), list(r.apiGroups), list(r.resources), list(r.resourceNames), list(r.nonResourceURLs)]);
}

function sameRules(a: PolicyRule[], b: PolicyRule[]): boolean {
  return a.length === b.length && a.every((r, i) => ruleKey(r) === ruleKey(b[i]!));
}

export function createClusterRoleAggregationController(ctx: ControllerContext): Controller {
  const { client, clock } = ctx;
  const roles = ctx.informers.forResource<ClusterRoleObject>(CLUSTERROLES);
  const queue = createWorkQueue<string>({ clock, name: "ClusterRoleAggregator" });
  // Any role may be selected by any aggregated one: a change re-checks them all, as upstream.
  const enqueueAggregated = () => {
    for (const r of roles.lister.list()) if (r.aggregationRule) queue.add(r.metadata.name!);
  };
  roles.addEventHandler({ onAdd: enqueueAggregated, onUpdate: enqueueAggregated, onDelete: enqueueAggregated });

  async function sync(name: string): Promise<void> {
    const role = roles.lister.get(undefined, name);
    if (!role?.aggregationRule) return;
    const rules = aggregatedRules(role, roles.lister.list());
    if (sameRules(rules, role.rules ?? [])) return;
    try {
      await client.update(CLUSTERROLES, undefined, { ...structuredClone(role), rules });
    } catch (err) {
      // A newer version is on its way through the informer: it is synced again then.
      if (isApiError(err, "Conflict") || isApiError(err, "NotFound")) return;
      throw err;
    }
  }

  return {
    name: CLUSTERROLE_AGGREGATION,
    async run(signal, workers) {
      if (!(await ctx.informers.waitForCacheSync(signal))) return;
      await runController({ name: "ClusterRoleAggregator", queue, workers, signal, sync, ...runnerLogs(ctx) });
    },
  };
}
