/**
 * Mode "Node" of --authorization-mode: the Node authorizer with its graph,
 * fed from the API server's watch caches once started, until closed.
 * Before the graph has synced, relationship checks find nothing and fall
 * through to the next authorizer.
 */
import type { PolicyRule } from "kubernetes-types/rbac/v1.js";
import type { Authorizer } from "./authorizer.js";
import { createNodeAuthorizer } from "./node-authorizer.js";
import { NodeGraph } from "./node-graph.js";
import { populateNodeGraph, type NodeGraphSources, type NodeGraphWatch } from "./node-graph-populator.js";

export interface NodeAuthorization {
  authorizer: Authorizer;
  graph: NodeGraph;
  /** Follows the sources; nodes' requests wait until the graph holds their current objects. */
  start(sources: NodeGraphSources | undefined): void;
  close(): void;
}

export function createNodeAuthorization(opts: { nodeRules: PolicyRule[] }): NodeAuthorization {
  const graph = new NodeGraph();
  let watch: NodeGraphWatch | undefined;
  let synced!: () => void;
  const ready = new Promise<void>((resolve) => (synced = resolve));
  return {
    graph,
    authorizer: createNodeAuthorizer({ graph, nodeRules: opts.nodeRules, ready }),
    start(sources) {
      if (watch) return;
      if (!sources) return synced();
      watch = populateNodeGraph(graph, sources);
      void watch.ready.then(synced);
    },
    close: () => watch?.close(),
  };
}
