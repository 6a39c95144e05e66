/**
 * A Service reached by name from a sim pod, on `skiff up --nodes 2`:
 * `kubectl create deployment web` and `kubectl expose deployment web
 * --port 80`, then a client pod's busybox wget reaching it through cluster
 * DNS (the pod's resolv.conf, its search paths, 10.96.0.10 through
 * kube-proxy's NAT to a coredns pod) and by ClusterIP (kube-proxy's DNAT
 * choosing an endpoint), answered by the chosen web pod's nginx; and
 * `skiff net trace` from the client to the name and to the ClusterIP,
 * arriving at one of the Service's ready endpoints (its EndpointSlice);
 * and busybox nslookup asking the pod's nameserver.
 * Each web pod serves its own name, so the answer says which pod served.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { startTestCluster, type TestCluster } from "./cluster.js";
import { trace, type Traced } from "./net-trace-run.js";
import { getJson, isReady, items, readyPods, until, type Obj } from "./wait.js";


interface Endpoint {
  pod: string;
  address: string;
}

describe("a sim pod reaching a Service by name", { timeout: 180_000 }, () => {
  let c: TestCluster;
  let clusterIP = "";
  let endpoints: Endpoint[] = [];
  before(async () => {
    c = await startTestCluster({ args: ["--nodes", "2"] });
  });
  after(() => c?.stop());

  test("kubectl expose deployment web --port 80: the EndpointSlice lists both web pods, ready", async () => {
    await c.k(["create", "deployment", "web", "--image=nginx:1.27", "--replicas=2"]);
    await c.k(["expose", "deployment", "web", "--port", "80"]);
    await c.k(["run", "client", "--image=busybox:1.36", "--", "sleep", "3600"]);
    const pods = await readyPods(c, "app=web", 2, 60_000);
    // Each web pod serves its own name: the answer tells which endpoint kube-proxy chose.
    for (const p of pods) await c.k(["exec", p.metadata.name, "--", "sh", "-c", "hostname > /usr/share/nginx/html/index.html"]);
    const svc = (await items(c, ["get", "services", "--field-selector", "metadata.name=web"]))[0];
    clusterIP = (svc.spec as { clusterIP: string }).clusterIP;
    endpoints = await until("web's EndpointSlice with two ready endpoints", async (seen) => {
      const slices = await items(c, ["get", "endpointslices", "-l", "kubernetes.io/service-name=web"]);
      seen(JSON.stringify(slices.map((s) => (s as Obj & { endpoints?: unknown }).endpoints)));
      const eps = slices.flatMap((s) => (s as Obj & { endpoints?: { addresses: string[]; conditions?: { ready?: boolean }; targetRef?: { name: string } }[] }).endpoints ?? []);
      const ready = eps.filter((e) => e.conditions?.ready).map((e) => ({ pod: e.targetRef!.name, address: e.addresses[0] }));
      return ready.length === 2 ? ready : undefined;
    });
    assert.deepEqual(endpoints.map((e) => e.pod).sort(), pods.map((p) => p.metadata.name).sort());
    await until("client running", async () => isReady(await getJson(c, ["get", "pod", "client"])));
  });

  test("kubectl exec client -- wget -qO- http://web: the name resolves through cluster DNS and a ready web pod answers", async () => {
    const served = new Set<string>();
    // kube-proxy picks an endpoint at random for each connection; both answer in time.
    await until("both web pods answer wget http://web", async (seen) => {
      const r = await c.kubectl(["exec", "client", "--", "wget", "-qO-", "http://web"]);
      seen(`${r.code} ${r.stdout} ${r.stderr}`);
      if (r.code !== 0) return undefined;
      const name = r.stdout.trim();
      assert.ok(endpoints.some((e) => e.pod === name), `${name} is not a ready endpoint of web: ${JSON.stringify(endpoints)}`);
      served.add(name);
      return served.size === 2;
    });
    for (const name of ["web.default", "web.default.svc.cluster.local"]) {
      const r = await c.kubectl(["exec", "client", "--", "wget", "-qO-", `http://${name}/`]);
      assert.equal(r.code, 0, r.stderr);
      assert.ok(endpoints.some((e) => e.pod === r.stdout.trim()), r.stdout);
    }
     // busybox nslookup asks the pod's nameserver itself: A and AAAA under each search domain.
    const ns = await c.kubectl(["exec", "client", "--", "nslookup", "web"]);
    assert.match(ns.stdout, /^Server:\t\t10\.96\.0\.10\nAddress:\t10\.96\.0\.10:53\n\n/);
    assert.match(ns.stdout, new RegExp(`^Name:\tweb\.default\.svc\.cluster\.local\nAddress: ${clusterIP.replace(/\./g, "\\.")}$`, "m"));
    assert.match(ns.stdout, /^\*\* server can't find web\.svc\.cluster\.local: NXDOMAIN$/m);
  });

  test("wget by ClusterIP reaches a ready web pod; an unknown name is a bad address and a closed port is refused, as busybox says", async () => {
    const r = await c.kubectl(["exec", "client", "--", "wget", "-O-", `http://${clusterIP}/`]);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(endpoints.some((e) => e.pod === r.stdout.trim()), r.stdout);
    assert.match(r.stderr, new RegExp(`^Connecting to ${clusterIP.replace(/\./g, "\\.")} \\(${clusterIP.replace(/\./g, "\\.")}:80\\)\nwriting to stdout\n`));
    const bad = await c.kubectl(["exec", "client", "--", "wget", "-q", "http://nosuch:80/"]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /^wget: bad address 'nosuch:80'$/m);
    const closed = await c.kubectl(["exec", "client", "--", "wget", "-q", `http://${endpoints[0].address}:81/`]);
    assert.equal(closed.code, 1);
    assert.match(closed.stderr, new RegExp(`^wget: can't connect to remote host \\(${endpoints[0].address.replace(/\./g, "\\.")}\\): Connection refused$`, "m"));
  });

  test("skiff net trace client web:80 and client CLUSTERIP:80 arrive at one of the Service's ready endpoints", async () => {
    const reached = (t: Traced) => {
      assert.equal(t.code, 0, t.stdout);
      const m = /^endpoint: pod default\/(\S+) (\S+):80$/m.exec(t.stdout);
      assert.ok(m, t.stdout);
      assert.ok(endpoints.some((e) => e.pod === m[1] && e.address === m[2]), `${m[1]} ${m[2]} is not a ready endpoint of web: ${JSON.stringify(endpoints)}`);
    };
    for (const name of ["web", "web.default", "web.default.svc.cluster.local"]) {
      const t = await trace(c, "client", `${name}:80`);
      reached(t);
      assert.match(t.stdout, /^resolve \S+ from pod default\/client \([\d.]+\): nameserver 10\.96\.0\.10, search default\.svc\.cluster\.local svc\.cluster\.local cluster\.local, ndots:5$/m);
      assert.match(t.stdout, /^ {2}A web\.default\.svc\.cluster\.local -> 10\.96\.0\.10:53\/UDP {2}REACHED pod kube-system\/coredns-\S+: NOERROR /m);
      assert.match(t.stdout, new RegExp(`^${name.replace(/\./g, "\\.")} is web\\.default\\.svc\\.cluster\\.local: ${clusterIP.replace(/\./g, "\\.")}$`, "m"));
      assert.match(t.stdout, new RegExp(`^trace from pod default/client \\([\\d.]+\\) to ${name.replace(/\./g, "\\.")} \\(${clusterIP.replace(/\./g, "\\.")}\\) port 80/TCP$`, "m"));
    }
    reached(await trace(c, "client", `${clusterIP}:80`));
    const unknown = await trace(c, "client", "nosuch:80");
    assert.equal(unknown.code, 1);
    assert.match(unknown.stdout, /^nosuch does not resolve: NXDOMAIN$/m);
  });
});
