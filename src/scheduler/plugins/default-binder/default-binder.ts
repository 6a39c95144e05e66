/** DefaultBinder: binds through the pods/binding subresource, as upstream. */
import type { BindPlugin, Handle } from "../../framework/interfaces.js";
import { asStatus, SUCCESS } from "../../framework/status.js";

export const NAME = "DefaultBinder";

export type Args = Record<string, never>;

const PODS = { group: "", version: "v1", resource: "pods" };

export function create(_args: Args | undefined, handle: Handle): BindPlugin {
  return {
    name: NAME,
    async bind(_state, pod, nodeName) {
      const meta = pod.pod.metadata!;
      try {
        await handle.client.createSubresource(PODS, meta.namespace, meta.name!, "binding", {
          apiVersion: "v1",
          kind: "Binding",
          metadata: { name: meta.name, namespace: meta.namespace, uid: meta.uid },
          target: { kind: "Node", name: nodeName },
        });
        return SUCCESS;
      } catch (err) {
        return asStatus(err);
      }
    },
  };
}
