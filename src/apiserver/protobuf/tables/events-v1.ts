/** Upstream protobuf facts of events.v1 (grammar: ../fact-table.ts). */
import type { ProtoPackage } from "../fact-table.js";

export const eventsV1Proto: ProtoPackage = {
  id: "events.v1",
  types: {
    Event: "metadata=1:meta.v1.ObjectMeta eventTime=2:mtime series=3:EventSeries reportingController=4:str? reportingInstance=5:str? action=6:str? reason=7:str? regarding=8:core.v1.ObjectReference related=9:core.v1.ObjectReference note=10:str? type=11:str? deprecatedSource=12:core.v1.EventSource deprecatedFirstTimestamp=13:time deprecatedLastTimestamp=14:time deprecatedCount=15:i32?",
    EventList: "metadata=1:meta.v1.ListMeta items=2:[]Event",
    EventSeries: "count=1:i32! lastObservedTime=2:mtime",
  },
};
