import assert from "node:assert/strict";
import { test } from "node:test";
import { isApiError } from "../../api/errors.js";
import type { KubeObject } from "../../api/types.js";
import { VirtualClock } from "../../util/clock.js";
import { createNamespaceLifecycle, FORCE_LIVE_LOOKUP_MS } from "./namespace-lifecycle.js";
import { attrs, refusal } from "./testing/fake-lookup.js";

const ns = (name: string, phase: string): KubeObject => ({ metadata: { name }, status: { phase } }) as KubeObject;
const pod = (namespace: string) => attrs("", "pods", { metadata: { name: "p", namespace } });

/** A cache that still shows "gone" active while storage has it terminating; live reads counted. */
function setup() {
  const clock = new VirtualClock();
  const s = { live: 0 };
  const plugin = createNamespaceLifecycle(
    {
      get: async (name) => (name === "gone" || name === "kept" ? ns(name, "Active") : undefined),
      getLive: async (name) => {
        s.live++;
        return name === "gone" ? ns(name, "Terminating") : undefined;
      },
    },
    clock,
  );
  return { clock, s, plugin };
}

test("creates in an active namespace pass without reading storage", async () => {
  const { s, plugin } = setup();
  await plugin.validate!(pod("kept"));
  await plugin.validate!(pod("gone"));
  assert.equal(s.live, 0);
});

test("a namespace deleted moments ago is read from storage, not believed from the cache", async () => {
  const { clock, s, plugin } = setup();
  await plugin.validate!({ ...attrs("", "namespaces", { metadata: { name: "gone" } }), operation: "DELETE" });
  const msg = await refusal(plugin.validate!(pod("gone")));
  assert.match(msg, /unable to create new content in namespace gone because it is being terminated/);
  await plugin.validate!(pod("kept"));
  assert.equal(s.live, 1);
  await clock.advance(FORCE_LIVE_LOOKUP_MS);
  await plugin.validate!(pod("gone"));
  assert.equal(s.live, 1);
});

test("the system namespaces may not be deleted; a missing namespace is NotFound", async () => {
  const { plugin } = setup();
  await refusal(plugin.validate!({ ...attrs("", "namespaces", { metadata: { name: "kube-system" } }), operation: "DELETE" }));
  await assert.rejects(plugin.validate!(pod("nowhere")), (err) => isApiError(err, "NotFound"));
});
