/**
 * Mode "Node" of --authorization-mode: the Node authorizer with its graph,
 * fed by the API server's own informers once the server can answer
 * (start), until stop. Before the graph has synced, relationship checks
 * find nothing and fall through to the next authorizer.
 */
import type { PolicyRule } from "kubernetes-types/rbac/v1.js";
import type { UserInfo } from "../../api/types.js";
import { createClient, createInformerFactory, createLoopbackTransport, type LoopbackServer } from "../../client/index.js";
import type { Clock } from "../../util/clock.js";
import type { Authorizer } from "./authorizer.js";
import { createNodeAuthorizer } from "./node-authorizer.js";
import { NodeGraph } from "./node-graph.js";
import { populateNodeGraph } from "./node-graph-populator.js";

/** The API server's loopback identity (upstream's system:apiserver in system:masters). */
const API_SERVER_USER: UserInfo = { username: "system:apiserver", groups: ["system:masters", "system:authenticated"] };

export interface NodeAuthorization {
  authorizer: Authorizer;
  graph: NodeGraph;
  /** Starts the graph's informers against the server; resolves once they have listed. */
  start(server: LoopbackServer): Promise<void>;
  stop(): void;
}

export function createNodeAuthorization(opts: { clock: Clock; nodeRules: PolicyRule[] }): NodeAuthorization {
  const graph = new NodeGraph();
  const stopper = new AbortController();
  return {
    graph,
    authorizer: createNodeAuthorizer({ graph, nodeRules: opts.nodeRules }),
    async start(server) {
      const client = createClient({ transport: createLoopbackTransport(server, API_SERVER_USER), identity: "system:apiserver" });
      const informers = createInformerFactory({ client, clock: opts.clock });
      populateNodeGraph(graph, informers);
      informers.start(stopper.signal);
      await informers.waitForCacheSync(stopper.signal);
    },
    stop: () => stopper.abort(),
  };
}
