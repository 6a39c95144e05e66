/** Upstream field facts of io.k8s.api.resource.v1 (grammar: field-facts.ts). */
import type { PackageFacts } from "./field-facts.js";

export const resourceV1Facts: PackageFacts = {
  package: "io.k8s.api.resource.v1",
  types: {
    AllocatedDeviceStatus: "conditions=list:map:type",
    CapacityRequestPolicy: "validValues=list:atomic",
    Device: "consumesCounters=list:atomic taints=list:atomic bindingConditions=list:atomic bindingFailureConditions=list:atomic",
    DeviceAllocationConfiguration: "requests=list:atomic",
    DeviceAllocationResult: "results=list:atomic config=list:atomic",
    DeviceAttribute: "int=int64",
    DeviceClaim: "requests=list:atomic constraints=list:atomic config=list:atomic",
    DeviceClaimConfiguration: "requests=list:atomic",
    DeviceClassSpec: "selectors=list:atomic config=list:atomic",
    DeviceConstraint: "requests=list:atomic",
    DeviceRequest: "firstAvailable=list:atomic",
    DeviceRequestAllocationResult: "tolerations=list:atomic bindingConditions=list:atomic bindingFailureConditions=list:atomic",
    DeviceSubRequest: "selectors=list:atomic count=int64 tolerations=list:atomic",
    DeviceToleration: "operator=default:\"Equal\" tolerationSeconds=int64",
    ExactDeviceRequest: "selectors=list:atomic count=int64 tolerations=list:atomic",
    NetworkDeviceData: "ips=list:atomic",
    ResourceClaimStatus: "reservedFor=patch:merge;key:uid;list:map:uid devices=list:map:driver,device,pool,shareID",
    ResourcePool: "generation=int64 resourceSliceCount=int64",
    ResourceSliceSpec: "devices=list:atomic sharedCounters=list:atomic",
  },
};
