/**
 * Decoding of Kubernetes protobuf request bodies
 * (`Content-Type: application/vnd.kubernetes.protobuf`) into the JSON
 * objects a JSON client would have sent for the same Go value, for every
 * built-in type Skiff keeps protobuf facts of (tables/).
 *
 * @example
 *   if (mediaType(req.headers["content-type"]) === PROTOBUF_MEDIA_TYPE) {
 *     const { object } = decodeKubernetesProtobuf(body, { apiVersion: "v1", kind: "ConfigMap" });
 *   }
 */
import { createMessageDecoder, type MessageDecoder } from "./decode-message.js";
import { readEnvelope } from "./envelope.js";
import { builtinProtoRegistry, type ProtoRegistry } from "./registry.js";
import { ProtobufDecodeError } from "./wire-reader.js";

export { PROTOBUF_MEDIA_TYPE, PROTOBUF_MAGIC } from "./envelope.js";
export { ProtobufDecodeError } from "./wire-reader.js";
export { createProtoRegistry, builtinProtoRegistry, packageIdOf, type ProtoRegistry } from "./registry.js";

/** A decoded body: the envelope's type and the object as JSON, apiVersion and kind set. */
export interface DecodedProtobuf {
  apiVersion: string;
  kind: string;
  object: Record<string, unknown>;
}

/** Type to assume when the envelope leaves apiVersion or kind empty (the endpoint's own). */
export interface ProtobufDefaults {
  apiVersion?: string;
  kind?: string;
}

function decodeWith(registry: ProtoRegistry, decoder: () => MessageDecoder, body: Buffer, defaults: ProtobufDefaults | undefined): DecodedProtobuf {
  const env = readEnvelope(body);
  if (env.contentEncoding) throw new ProtobufDecodeError(`unsupported content encoding "${env.contentEncoding}"`);
  const apiVersion = env.apiVersion || defaults?.apiVersion || "";
  const kind = env.kind || defaults?.kind || "";
  if (!kind) throw new ProtobufDecodeError(`Object 'Kind' is missing in '${JSON.stringify({ apiVersion: env.apiVersion, kind: env.kind })}'`);
  if (!apiVersion) throw new ProtobufDecodeError(`Object 'apiVersion' is missing in '${JSON.stringify({ apiVersion: env.apiVersion, kind: env.kind })}'`);
  const facts = registry.kind(apiVersion, kind);
  if (!facts) throw new ProtobufDecodeError(`no kind "${kind}" is registered for version "${apiVersion}"`);
  const fields = decoder().decode(facts.name, env.raw, kind) as Record<string, unknown>;
  return { apiVersion, kind, object: { apiVersion, kind, ...fields } };
}

/**
 * Decodes a Kubernetes protobuf body (magic "k8s\0" + runtime.Unknown).
 * Throws ProtobufDecodeError, whose message suits a 400 BadRequest, for
 * malformed data, a missing kind, or a kind without protobuf facts.
 */
export function decodeKubernetesProtobuf(body: Buffer, defaults?: ProtobufDefaults, registry: ProtoRegistry = builtinProtoRegistry()): DecodedProtobuf {
  let decoder: MessageDecoder | undefined;
  const lazy = (): MessageDecoder => (decoder ??= createMessageDecoder({
    registry,
    embedded: (nested) => decodeWith(registry, lazy, nested, undefined).object,
  }));
  return decodeWith(registry, lazy, body, defaults);
}
