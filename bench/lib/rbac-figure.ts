/**
 * What RBAC costs: ConfigMap creates per second by a user that is not in
 * system:masters (so every request is decided by the RBAC authorizer, not
 * the privileged-group short-cut), with --authorization-mode AlwaysAllow
 * and with the default Node,RBAC, in interleaved rounds on fresh clusters.
 * The user is allowed through a RoleBinding among a hundred others, as in a
 * populated cluster. One light controller runs, in both modes: the others
 * (the garbage collector, quota) would follow the 10,000 ConfigMaps only
 * where their own requests are allowed, and the figure would measure them.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { issueClientCert, renderKubeconfig } from "../../dist/pki/index.js";
import { bootstrapApiServer, createInProcessApiServer } from "../../dist/apiserver/index.js";
import { createAuthorization, type AuthorizationMode } from "../../dist/apiserver/authz/index.js";
import { bootstrapClusterRoleBindings, bootstrapClusterRoles } from "../../dist/api/rbac/bootstrap-policy.js";
import { bootstrapObjects } from "../../dist/api/bootstrap-objects.js";
import { createMemoryStore } from "../../dist/storage/index.js";
import { realClock } from "../../dist/util/clock.js";
import { connect, type H2Client } from "./h2-client.js";
import { startSkiff } from "./skiff-process.js";
import { median, pool, result } from "./stats.js";

const G = "rbac.authorization.k8s.io";

async function post(client: H2Client, path: string, obj: object): Promise<void> {
  const r = await client.request("POST", path, JSON.stringify(obj));
  if (r.status !== 201) throw new Error(`POST ${path}: ${r.status} ${r.body}`);
}

/** The role, the user's binding and the others' bindings, created as admin. */
async function grant(admin: H2Client): Promise<void> {
  await post(admin, `/apis/${G}/v1/clusterroles`, { apiVersion: `${G}/v1`, kind: "ClusterRole", metadata: { name: "bench-configmaps" }, rules: [{ apiGroups: [""], resources: ["configmaps"], verbs: ["create", "get", "list", "watch"] }] });
  for (let i = 0; i < 50; i++) {
    const subjects = [{ apiGroup: G, kind: "User", name: `someone-${i}` }];
    await post(admin, `/apis/${G}/v1/clusterrolebindings`, { apiVersion: `${G}/v1`, kind: "ClusterRoleBinding", metadata: { name: `other-${i}` }, roleRef: { apiGroup: G, kind: "ClusterRole", name: "view" }, subjects });
    await post(admin, `/apis/${G}/v1/namespaces/default/rolebindings`, { apiVersion: `${G}/v1`, kind: "RoleBinding", metadata: { name: `other-${i}` }, roleRef: { apiGroup: G, kind: "ClusterRole", name: "edit" }, subjects });
  }
  await post(admin, `/apis/${G}/v1/namespaces/default/rolebindings`, { apiVersion: `${G}/v1`, kind: "RoleBinding", metadata: { name: "bench" }, roleRef: { apiGroup: G, kind: "ClusterRole", name: "bench-configmaps" }, subjects: [{ apiGroup: G, kind: "Group", name: "bench-writers" }] });
}

async function userKubeconfig(dataDir: string, adminKubeconfig: string): Promise<string> {
  const pki = join(dataDir, "pki");
  const ca = { certPem: readFileSync(join(pki, "ca.crt"), "utf8"), keyPem: readFileSync(join(pki, "ca.key"), "utf8") };
  const pair = await issueClientCert(ca, { commonName: "bench", organizations: ["bench-writers"] });
  const server = parse(readFileSync(adminKubeconfig, "utf8")).clusters[0].cluster.server as string;
  const path = join(dataDir, "bench.kubeconfig");
  writeFileSync(path, renderKubeconfig({ server, caPem: ca.certPem, certPem: pair.certPem, keyPem: pair.keyPem, userName: "bench" }));
  return path;
}

async function createRate(mode: string, objects: number, concurrency: number): Promise<number> {
  const p = await startSkiff(["--authorization-mode", mode, "--controllers", "ttl-after-finished"]);
  const admin = connect(p.kubeconfig);
  let user: H2Client | undefined;
  try {
    await grant(admin);
    user = connect(await userKubeconfig(p.dataDir, p.kubeconfig));
    // The binding reaches the authorizer through its watch cache: wait until it is in force.
    for (let i = 0; (await user.request("GET", "/api/v1/namespaces/default/configmaps?limit=1")).status !== 200; i++) {
      if (i > 200) throw new Error("the bench user never got its permissions");
      await new Promise((r) => setTimeout(r, 10));
    }
    const body = (i: number) => JSON.stringify({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: `rbac-${i}` }, data: { index: String(i), payload: "x".repeat(200) } });
    const t0 = performance.now();
    await pool(Array.from({ length: objects }, (_, i) => i), concurrency, async (i) => {
      const r = await user!.request("POST", "/api/v1/namespaces/default/configmaps", body(i));
      if (r.status !== 201) throw new Error(`create failed: ${r.status} ${r.body}`);
    });
    return objects / ((performance.now() - t0) / 1000);
  } finally {
    user?.close();
    admin.close();
    await p.stop();
  }
}

/**
 * The same creates through the API server's request pipeline in this
 * process (memory store, no HTTP, no other component): what authorization
 * adds to a request, with less of the machine's noise in it.
 */
async function inProcessCreateRate(modes: AuthorizationMode[], objects: number, concurrency: number): Promise<number> {
  const store = createMemoryStore();
  const opts = { store, clock: realClock, serviceCIDR: "10.96.0.0/12", nodePortRange: [30000, 32767] as [number, number], advertiseAddress: "127.0.0.1", port: 6443, compactionIntervalMs: 0, authorizationModes: modes };
  const server = await createInProcessApiServer(opts);
  try {
    await bootstrapApiServer(server, { ...opts, bootstrapObjects: bootstrapObjects() });
    const as = (user: { username: string; groups: string[] }): H2Client => ({
      request: async (method, path, body) => {
        const u = new URL(path, "https://x");
        const r = await server.handle({ method, path: u.pathname, query: u.searchParams, headers: { "content-type": "application/json", accept: "application/json" }, body: body === undefined ? undefined : Buffer.from(body), user, signal: new AbortController().signal });
        return { status: r.status, body: String(r.body ?? "") };
      },
      watch: () => {
        throw new Error("not used");
      },
      close: () => undefined,
    });
    await grant(as({ username: "admin", groups: ["system:masters", "system:authenticated"] }));
    const user = as({ username: "bench", groups: ["bench-writers", "system:authenticated"] });
    for (let i = 0; (await user.request("GET", "/api/v1/namespaces/default/configmaps?limit=1")).status !== 200; i++) {
      if (i > 200) throw new Error("the bench user never got its permissions");
      await new Promise((r) => setTimeout(r, 10));
    }
    const t0 = performance.now();
    await pool(Array.from({ length: objects }, (_, i) => i), concurrency, async (i) => {
      const r = await user.request("POST", "/api/v1/namespaces/default/configmaps", JSON.stringify({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: `rbac-${i}` }, data: { index: String(i), payload: "x".repeat(200) } }));
      if (r.status !== 201) throw new Error(`create failed: ${r.status} ${r.body}`);
    });
    return objects / ((performance.now() - t0) / 1000);
  } finally {
    await server.close();
    await store.close();
  }
}

/** One Node,RBAC decision for the bench user, alone: the default policy plus a hundred bindings in its namespace. */
async function decisionMicros(): Promise<number> {
  const a = createAuthorization({ modes: ["Node", "RBAC"] });
  for (const r of bootstrapClusterRoles()) a.rbac.apply("ClusterRole", r, false);
  for (const b of bootstrapClusterRoleBindings()) a.rbac.apply("ClusterRoleBinding", b, false);
  a.rbac.apply("ClusterRole", { metadata: { name: "bench-configmaps" }, rules: [{ apiGroups: [""], resources: ["configmaps"], verbs: ["create"] }] }, false);
  for (let i = 0; i < 100; i++) a.rbac.apply("RoleBinding", { metadata: { name: `other-${i}`, namespace: "default" }, roleRef: { apiGroup: G, kind: "ClusterRole", name: "edit" }, subjects: [{ apiGroup: G, kind: "User", name: `someone-${i}` }] }, false);
  a.rbac.apply("RoleBinding", { metadata: { name: "bench", namespace: "default" }, roleRef: { apiGroup: G, kind: "ClusterRole", name: "bench-configmaps" }, subjects: [{ apiGroup: G, kind: "Group", name: "bench-writers" }] }, false);
  a.start(undefined);
  const attrs = { user: { username: "bench", groups: ["bench-writers", "system:authenticated"] }, verb: "create", resource: { group: "", version: "v1", resource: "configmaps", namespace: "default" } };
  if (!(await a.authorizer.authorize(attrs)).allowed) throw new Error("the bench user is not allowed");
  const n = 200_000;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await a.authorizer.authorize(attrs);
  return ((performance.now() - t0) * 1000) / n;
}

export async function rbacFigure(objects: number, concurrency: number, rounds = 3): Promise<void> {
  console.log("\n== RBAC: one authorization decision (Node,RBAC) for a RoleBinding-authorized user ==");
  result("apiserver.rbac.decision", await decisionMicros(), "µs");
  console.log(`\n== RBAC: ${objects} ConfigMap creates by that user, AlwaysAllow against Node,RBAC (${rounds} rounds) ==`);
  const off: number[] = [];
  const on: number[] = [];
  // Alternating which goes first, so a machine's drift favours neither.
  for (let r = 0; r < rounds; r++) {
    if (r % 2 === 0) {
      off.push(await createRate("AlwaysAllow", objects, concurrency));
      on.push(await createRate("Node,RBAC", objects, concurrency));
    } else {
      on.push(await createRate("Node,RBAC", objects, concurrency));
      off.push(await createRate("AlwaysAllow", objects, concurrency));
    }
  }
  console.log(`AlwaysAllow rounds: ${off.map((v) => v.toFixed(0)).join(", ")} creates/s; Node,RBAC rounds: ${on.map((v) => v.toFixed(0)).join(", ")} creates/s`);
  result("apiserver.rbac.off.create.throughput", median(off), "creates/s");
  result("apiserver.rbac.on.create.throughput", median(on), "creates/s");
  result("apiserver.rbac.on_vs_off.create", median(on) / median(off), "x");

  const inOff: number[] = [];
  const inOn: number[] = [];
  for (let r = 0; r < 5; r++) {
    const pair: [AuthorizationMode[], number[]][] = [[["AlwaysAllow"], inOff], [["Node", "RBAC"], inOn]];
    if (r % 2 === 1) pair.reverse();
    for (const [modes, out] of pair) out.push(await inProcessCreateRate(modes, objects, concurrency));
  }
  console.log(`in process: AlwaysAllow rounds: ${inOff.map((v) => v.toFixed(0)).join(", ")} creates/s; Node,RBAC rounds: ${inOn.map((v) => v.toFixed(0)).join(", ")} creates/s`);
  result("apiserver.rbac.inprocess.off.create.throughput", median(inOff), "creates/s");
  result("apiserver.rbac.inprocess.on.create.throughput", median(inOn), "creates/s");
  result("apiserver.rbac.inprocess.on_vs_off.create", median(inOn) / median(inOff), "x");
}
