/** How a custom resource's objects are converted between the versions its CRD serves. */
import type { KubeObject } from "../../api/types.js";

export interface CustomResourceConverter {
  /** The objects at desiredAPIVersion ("group/version"); rejects with an ApiError on failure. */
  convert(objects: KubeObject[], desiredAPIVersion: string): Promise<KubeObject[]>;
}
