/**
 * Who answers at the end of a path. A pod listens on the containerPorts
 * its running containers declare (and on what a registered listener
 * serves); a simulated container whose pod declares no port at all is
 * taken to listen on every port, since the sim runtime runs no program to
 * ask. A node listens on its kubelet port, on its hostNetwork pods' ports,
 * and on registered listeners.
 */
import type { Node, Pod } from "kubernetes-types/core/v1.js";
import type { Protocol } from "../iptables/index.js";
import { kubeletPortOf, type NetworkView } from "./snapshot.js";

export interface ListenAnswer {
  listening: boolean;
  /** Who listens ("container web port 80/TCP", "kubelet"), or why nobody does. */
  detail: string;
}

const declared = (p: Pod) => (p.spec?.containers ?? []).flatMap((c) => (c.ports ?? []).map((port) => ({ container: c.name, port: port.containerPort, protocol: (port.protocol ?? "TCP").toLowerCase() })));

export function podListens(view: NetworkView, pod: Pod, address: string, port: number | undefined, protocol: Protocol): ListenAnswer {
  if (pod.status?.phase !== "Running") return { listening: false, detail: `pod is ${pod.status?.phase ?? "not started"}, nothing runs in it` };
  if (protocol === "icmp" || port === undefined) return { listening: true, detail: "the pod's network namespace answers" };
  if (view.snapshot.listening?.(address, port, protocol)) return { listening: true, detail: `a listener is registered on ${address}:${port}` };
  const ports = declared(pod);
  const hit = ports.find((p) => p.port === port && p.protocol === protocol);
  if (hit) return { listening: true, detail: `container ${hit.container} listens on ${port}/${protocol.toUpperCase()}` };
  if (!ports.length) return { listening: true, detail: "the pod declares no containerPorts: a simulated container is taken to listen on every port" };
  return { listening: false, detail: `no container listens on ${port}/${protocol.toUpperCase()} (declared: ${ports.map((p) => `${p.port}/${p.protocol.toUpperCase()}`).join(", ")})` };
}

export function nodeListens(view: NetworkView, node: Node, address: string, port: number | undefined, protocol: Protocol): ListenAnswer {
  if (protocol === "icmp" || port === undefined) return { listening: true, detail: "the node answers" };
  if (protocol === "tcp" && port === kubeletPortOf(node)) return { listening: true, detail: `kubelet listens on ${port}/TCP` };
  for (const pod of view.hostNetworkPods(node.metadata!.name!)) {
    if (pod.status?.phase !== "Running") continue;
    for (const c of pod.spec?.containers ?? []) {
      for (const p of c.ports ?? []) {
        if (p.containerPort === port && (p.protocol ?? "TCP").toLowerCase() === protocol) return { listening: true, detail: `hostNetwork pod ${pod.metadata?.namespace}/${pod.metadata?.name} (container ${c.name}) listens on ${port}/${protocol.toUpperCase()}` };
      }
    }
  }
  if (view.snapshot.listening?.(address, port, protocol)) return { listening: true, detail: `a listener is registered on ${address}:${port}` };
  return { listening: false, detail: `nothing listens on ${port}/${protocol.toUpperCase()}` };
}
