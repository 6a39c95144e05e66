import type { KubeObject } from '../../api/types.js';

/**
 * Converts custom resources between the versions of one CustomResourceDefinition.
 * Strategy None only rewrites apiVersion; strategy Webhook sends a ConversionReview.
 */
export interface CustomResourceConverter {
  convert(objects: KubeObject[], desiredAPIVersion: string): Promise<KubeObject[]>;
}
