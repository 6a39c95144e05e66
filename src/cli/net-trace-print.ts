/**
 * A trace as `skiff net trace` prints it: a header, one numbered hop per
 * line group (like traceroute), and the verdict.
 *
 *   trace from pod default/client (10.244.0.5) to pod default/web-2 (10.244.1.7) port 80/TCP
 *    1  pod default/client       netns of default/client on node-1, eth0 10.244.0.5
 *                                sends 10.244.0.5 -> 10.244.1.7:80/TCP
 *    2  node-1 cni0              veth of default/client -> bridge cni0 on node-1
 *   ...
 *   REACHED pod default/web-2: container web listens on 80/TCP
 *   endpoint: pod default/web-2 10.244.1.7:80    (when kube-proxy's DNAT chose it)
 */
import type { Trace } from "../network/model/index.js";

export function formatTrace(t: Trace, from: string, to: string): string {
  const port = t.request.port === undefined ? t.request.protocol.toUpperCase() : `port ${t.request.port}/${t.request.protocol.toUpperCase()}`;
  const out = [`trace from ${from} to ${to} ${port}`];
  const width = Math.max(...t.hops.map((h) => h.at.length), 10) + 2;
  t.hops.forEach((h, i) => {
    const n = String(i + 1).padStart(2);
    h.lines.forEach((line, j) => out.push(j === 0 ? ` ${n}  ${h.at.padEnd(width)}${line}` : ` ${"".padStart(2)}  ${"".padEnd(width)}${line}`));
  });
  const v = t.verdict;
  if (v.result === "REACHED") {
    out.push(`REACHED ${v.target}: ${v.detail}`);
    // kube-proxy's DNAT chose where the connection goes: say which endpoint.
    if (v.address !== undefined && v.address !== t.request.to) out.push(`endpoint: ${v.target} ${v.address}${v.port === undefined ? "" : `:${v.port}`}`);
  }
  else out.push(`${v.result} at ${v.hop}: ${v.reason}`);
  if (t.chance < 1) out.push(`(kube-proxy chose this path with probability ${Number(t.chance.toFixed(5))})`);
  return out.join("\n") + "\n";
}
