/** GET /metrics: the kubelet's metrics in the Prometheus text format. */
import type { ServerResponse } from "node:http";
import { exposition } from "../../metrics/index.js";
import type { KubeletHost } from "./host.js";
import { HttpError } from "./http-util.js";

export async function serveMetrics(host: KubeletHost, res: ServerResponse): Promise<void> {
  if (!host.metrics) throw new HttpError(404, "404 page not found");
  const { contentType, body } = await exposition(host.metrics);
  res.writeHead(200, { "content-type": contentType });
  res.end(body);
}
