import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { EVENTS, NODES, PODS, ROUTES } from "../client/resources.js";
import { fixtureSource } from "./fixture-source.js";
import { createClusterView, TARGETED_EVENT_QUERIES } from "./cluster-view.js";
import { onePerIncident, runChecks } from "./run.js";
import type { Check, Finding } from "./types.js";
import { formatReport, reportJson } from "./format.js";
import { event, node, T0 } from "./test-fixtures.js";

const finding = (check: string, cause: string, depth: number, severity: Finding["severity"] = "warning"): Finding => ({
  check,
  severity,
  about: { kind: "Thing", name: check },
  summary: `${check} is wrong`,
  chain: Array.from({ length: depth }, (_, i) => ({ text: `step ${i}` })),
  fix: "fix it",
  cause,
});

describe("doctor run", () => {
  it("reports an incident seen by two checks once, with the deeper chain", () => {
    const out = onePerIncident([finding("shallow", "Route/x", 2), finding("deep", "Route/x", 5), finding("other", "Node/n", 1)]);
    assert.deepEqual(out.map((f) => f.check), ["deep", "other"]);
  });

  it("lists each resource once for all checks, and skips checks whose resources are not served", async () => {
    const source = fixtureSource({ objects: [[NODES, [node("node-1")]], [PODS, []]] });
    const view = createClusterView(source);
    const reader = (name: string): Check => ({ name, description: "", run: async ({ view }) => ((await view.list(NODES)).length && (await view.list(PODS)), []) });
    const skiffOnly: Check = { name: "routes", description: "", requires: [ROUTES], run: async () => [finding("routes", "r", 1)] };
    const report = await runChecks(view, [reader("a"), reader("b"), skiffOnly], T0);
    assert.deepEqual(source.requests.sort(), ["list /v1/nodes", "list /v1/pods"]);
    assert.equal(report.healthy, true);
    assert.deepEqual(report.checks.map((c) => [c.check, c.status]), [["a", "ran"], ["b", "ran"], ["routes", "skipped"]]);
    assert.match(report.checks[2].reason!, /routes\.network\.skiff\.dev\/v1/);
    assert.match(formatReport(report), /^No problems found; 2 checks ran; skipped: routes/);
  });

  it("asks for a few objects' Events one by one, then lists every Event once", async () => {
    const events = Array.from({ length: 30 }, (_, i) => event({ kind: "Pod", namespace: "default", name: `p${i}` }, "Unhealthy", `probe ${i}`, i));
    const source = fixtureSource({ objects: [[EVENTS, events]] });
    const view = createClusterView(source);
    for (let i = 0; i < 30; i++) assert.deepEqual((await view.eventsFor({ kind: "Pod", namespace: "default", name: `p${i}` })).map((e) => e.message), [`probe ${i}`]);
    assert.equal(source.requests.filter((r) => r.startsWith("events ")).length, TARGETED_EVENT_QUERIES);
    assert.equal(source.requests.filter((r) => r === "list /v1/events").length, 1);
  });

  it("a failing check makes the report unhealthy without findings, and says why", async () => {
    const view = createClusterView(fixtureSource({ objects: [] }));
    const broken: Check = { name: "broken", description: "", run: async () => Promise.reject(new Error("boom")) };
    const report = await runChecks(view, [broken], T0);
    assert.equal(report.healthy, false);
    assert.match(formatReport(report), /ERROR  check broken failed: boom/);
  });

  it("orders findings by severity and prints chain and fix; JSON carries the same", async () => {
    const view = createClusterView(fixtureSource({ objects: [] }));
    const checks: Check[] = [
      { name: "w", description: "", run: async () => [finding("w", "a", 2, "warning")] },
      { name: "c", description: "", run: async () => [finding("c", "b", 2, "critical")] },
    ];
    const report = await runChecks(view, checks, T0);
    assert.deepEqual(report.findings.map((f) => f.severity), ["critical", "warning"]);
    const text = formatReport(report);
    assert.match(text, /^CRITICAL  Thing\/c: c is wrong  \[c\]\n     step 0\n  -> step 1\n  fix: fix it\n/);
    assert.match(text, /2 findings \(1 critical, 1 warning\)/);
    const json = JSON.parse(reportJson(report));
    assert.equal(json.healthy, false);
    assert.deepEqual(Object.keys(json.findings[0]).sort(), ["about", "cause", "chain", "check", "fix", "severity", "summary"]);
  });
});
