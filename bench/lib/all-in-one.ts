/**
 * The all-in-one footprint: a `skiff up` process with N simulated nodes
 * running M pods (Deployments of 1,000 replicas), its RSS measured from
 * outside once every pod is Running.
 */
import { connect } from "./h2-client.js";
import { startSkiff } from "./skiff-process.js";
import { result } from "./stats.js";

export async function allInOne(nodes: number, pods: number): Promise<void> {
  const perDeployment = 1000;
  const p = await startSkiff(["--nodes", String(nodes), "--cluster-cidr", "10.128.0.0/10"]);
  const client = connect(p.kubeconfig);
  try {
    const t0 = performance.now();
    const deployments = Math.ceil(pods / perDeployment);
    for (let d = 0; d < deployments; d++) {
      const replicas = Math.min(perDeployment, pods - d * perDeployment);
      const body = JSON.stringify({
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: `fill-${d}` },
        spec: { replicas, selector: { matchLabels: { app: `fill-${d}` } }, template: { metadata: { labels: { app: `fill-${d}` } }, spec: { containers: [{ name: "c", image: "pause", resources: { requests: { cpu: "10m", memory: "16Mi" } } }] } } },
      });
      const r = await client.request("POST", "/apis/apps/v1/namespaces/default/deployments", body);
      if (r.status !== 201) throw new Error(`deployment create failed: ${r.status} ${r.body}`);
    }
    const deadline = Date.now() + 20 * 60_000;
    let available = 0;
    while (Date.now() < deadline) {
      const r = await client.request("GET", "/apis/apps/v1/namespaces/default/deployments");
      available = (JSON.parse(r.body).items as { status?: { availableReplicas?: number } }[]).reduce((n, d) => n + (d.status?.availableReplicas ?? 0), 0);
      if (available >= pods) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    const seconds = (performance.now() - t0) / 1000;
    console.log(`\n== all-in-one: ${nodes} simulated nodes, ${pods} pods ==`);
    result("allinone.pods.available", available, "pods");
    result("allinone.pods.time", seconds, "s");
    await new Promise((r) => setTimeout(r, 3000));
    result("allinone.rss", p.rssBytes() / 1024 / 1024, "MiB", { value: 1024, label: "under the 1 GiB target", higherIsBetter: false });
  } finally {
    client.close();
    await p.stop();
  }
}
