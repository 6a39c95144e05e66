/** Upstream field facts of io.k8s.api.events.v1 (grammar: field-facts.ts). */
import type { PackageFacts } from "./field-facts.js";

export const eventsV1Facts: PackageFacts = {
  package: "io.k8s.api.events.v1",
  types: {
    Event: "deprecatedFirstTimestamp=default:{} deprecatedLastTimestamp=default:{} deprecatedSource=default:{} eventTime=default:{} metadata=default:{} regarding=default:{}",
    EventList: "metadata=default:{}",
    EventSeries: "count=default:0 lastObservedTime=default:{}",
  },
};
