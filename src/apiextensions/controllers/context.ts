/** What every CRD controller's sync reaches: the CRDs as the informer sees them, and how to write them. */
import type { CustomResourceDefinition } from "../../api/apiextensions/index.js";
import type { Client, GVR, Lister } from "../../client/types.js";
import type { Clock } from "../../util/clock.js";

export const CRDS: GVR = { group: "apiextensions.k8s.io", version: "v1", resource: "customresourcedefinitions" };

export interface CRDControllerContext {
  client: Client;
  crds: Lister<CustomResourceDefinition>;
  clock: Clock;
  /** The server's time as a condition timestamp. */
  now(): string;
  /** Writes status; a Conflict or NotFound is left to the next informer event. */
  writeStatus(crd: CustomResourceDefinition): Promise<void>;
}
