/**
 * Webhook conversion for a CRD (upstream's webhookConverter): the objects
 * not yet at the desired version go to the webhook in one ConversionReview;
 * the answer must carry the request's uid, a Success result and one
 * converted object per object sent, each passing the checks of
 * converted-object.ts. Any failure rejects with a 500 InternalError whose
 * cause names the kind, as upstream's "conversion webhook for
 * stable.example.com/v1, Kind=CronTab failed: ...".
 */
import { randomUUID } from "node:crypto";
import type { CustomResourceDefinition } from "kubernetes-types/apiextensions/v1.js";
import { ApiError } from "../../api/errors.js";
import type { KubeObject } from "../../api/types.js";
import type { CustomResourceConverter } from "../conversion/types.js";
import { acceptConverted, InvalidConvertedObject } from "./converted-object.js";
import { decodeAnswer } from "./http-answer.js";
import { buildReview, convertedObjectsOf, gvkString, pickReviewVersion } from "./review.js";
import { postJson, webhookTarget, type TransportDeps } from "./transport.js";

export interface WebhookConversionDeps extends TransportDeps {
  /** Request uids; random UUIDs unless a test fixes them. */
  newUID?: () => string;
}

export function createWebhookConverter(crd: CustomResourceDefinition, deps: WebhookConversionDeps): CustomResourceConverter {
  const webhook = crd.spec.conversion?.webhook;
  if (crd.spec.conversion?.strategy !== "Webhook" || !webhook?.clientConfig) {
    throw new Error(`custom resource definition ${crd.metadata?.name ?? ""} does not use webhook conversion`);
  }
  const clientConfig = webhook.clientConfig;
  const newUID = deps.newUID ?? randomUUID;
  return {
    async convert(objects, desiredAPIVersion) {
      const toConvert = objects.filter((o) => o.apiVersion !== desiredAPIVersion);
      if (!toConvert.length) return objects;
      const source = gvkString(toConvert[0].apiVersion, toConvert[0].kind);
      const single = objects.length === 1;
      const version = pickOrFail(webhook.conversionReviewVersions);
      const uid = newUID();
      let answer: unknown;
      try {
        const reply = await postJson(webhookTarget(clientConfig, deps), buildReview(version, uid, desiredAPIVersion, toConvert), deps.clock);
        answer = decodeAnswer(reply);
      } catch (err) {
        throw conversionFailure(`conversion webhook for ${source} failed: ${(err as Error).message}`);
      }
      let converted: unknown[];
      try {
        converted = convertedObjectsOf(answer, version, uid);
      } catch (err) {
        throw conversionFailure(`conversion webhook for ${source} failed: ${(err as Error).message}`);
      }
      if (converted.length !== toConvert.length) {
        throw conversionFailure(`conversion webhook for ${source} returned ${converted.length} objects, expected ${toConvert.length}`);
      }
      let next = 0;
      return objects.map((original) => {
        if (original.apiVersion === desiredAPIVersion) return original;
        const index = ++next;
        try {
          return acceptConverted(original, converted[index - 1], desiredAPIVersion);
        } catch (err) {
          if (!(err instanceof InvalidConvertedObject)) throw err;
          throw conversionFailure(invalidObjectText(source, single, index, err));
        }
      });
    },
  };
}

/** Upstream's wording differs for a single object and for a list's items (whose index it counts from 1). */
function invalidObjectText(source: string, single: boolean, index: number, err: InvalidConvertedObject): string {
  if (single && err.part === "version") return `conversion webhook for ${source} returned invalid object at index 0: ${err.message}`;
  if (err.part === "metadata") {
    return single ? `conversion webhook for ${source} returned invalid metadata: ${err.message}` : `conversion webhook for ${source} returned invalid metadata in object at index ${index}: ${err.message}`;
  }
  return single ? `conversion webhook for ${source} returned invalid object: ${err.message}` : `conversion webhook for ${source} returned invalid converted object at index ${index}: ${err.message}`;
}

function pickOrFail(versions: readonly string[] | undefined): string {
  try {
    return pickReviewVersion(versions);
  } catch (err) {
    throw conversionFailure((err as Error).message);
  }
}

/** Upstream's NewInternalError: the cause in details, "Internal error occurred: " before it. */
export function conversionFailure(cause: string): ApiError {
  return new ApiError(500, "InternalError", `Internal error occurred: ${cause}`, { causes: [{ message: cause }] });
}
