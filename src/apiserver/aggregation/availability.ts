/**
 * What the Available condition of an APIService should say (upstream's
 * local and remote AvailableConditionControllers): Local for group
 * versions this server serves itself; for a Service, the Service must
 * exist, a ClusterIP Service must listen on the port and have a ready
 * endpoint with the port's name, and the backend must answer discovery.
 */
import type { EndpointSliceLike, ServiceLike } from "../../network/service-resolver.js";
import type { APIService } from "./apiservice-helpers.js";

export interface Availability {
  status: "True" | "False" | "Unknown";
  reason: string;
  message: string;
}

export interface AvailabilityInputs {
  service(namespace: string, name: string): ServiceLike | undefined;
  endpointSlices(namespace: string, serviceName: string): EndpointSliceLike[];
  /** The discovery probe: undefined on success, else the failure text. */
  probe(svc: APIService): Promise<string | undefined>;
}

export const LOCAL_AVAILABLE: Availability = { status: "True", reason: "Local", message: "Local APIServices are always available" };

export async function computeAvailability(svc: APIService, inputs: AvailabilityInputs): Promise<Availability> {
  const ref = svc.spec?.service;
  if (!ref) return LOCAL_AVAILABLE;
  const namespace = ref.namespace ?? "";
  const name = ref.name ?? "";
  const service = inputs.service(namespace, name);
  if (!service) return { status: "False", reason: "ServiceNotFound", message: `service/${name} in ${JSON.stringify(namespace)} is not present` };
  if ((service.spec?.type ?? "ClusterIP") === "ClusterIP") {
    const port = ref.port ?? 443;
    const svcPort = (service.spec?.ports ?? []).find((p) => p.port === port);
    if (!svcPort) return { status: "False", reason: "ServicePortError", message: `service/${name} in ${JSON.stringify(namespace)} is not listening on port ${port}` };
    const portName = svcPort.name ?? "";
    const slices = inputs.endpointSlices(namespace, name);
    if (!slices.length) return { status: "False", reason: "EndpointsNotFound", message: `cannot find endpointslices for service/${name} in ${JSON.stringify(namespace)}` };
    if (!hasAvailableEndpoint(portName, slices)) {
      return { status: "False", reason: "MissingEndpoints", message: `endpointslices for service/${name} in ${JSON.stringify(namespace)} have no addresses with port name ${JSON.stringify(portName)}` };
    }
  }
  const failure = await inputs.probe(svc);
  if (failure !== undefined) return { status: "False", reason: "FailedDiscoveryCheck", message: failure };
  return { status: "True", reason: "Passed", message: "all checks passed" };
}

/** A slice with a ready endpoint and a port of the Service port's name. */
function hasAvailableEndpoint(portName: string, slices: EndpointSliceLike[]): boolean {
  return slices.some(
    (s) => (s.endpoints ?? []).some((e) => e.conditions?.ready === undefined || e.conditions.ready === null || e.conditions.ready) && (s.ports ?? []).some((p) => p.name !== undefined && p.name !== null && p.name === portName && p.port !== undefined && p.port !== null),
  );
}
