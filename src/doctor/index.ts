/** The doctor: checks over a shared read-only view of a cluster, and their report. */
export type { Check, CheckContext, CheckOutcome, ClusterView, DoctorReport, EvidenceStep, Finding, ObjectRef, ProxyResult, Severity } from "./types.js";
export { refOf, refString, SEVERITY_RANK } from "./types.js";
export { createClusterView, eventTime, type ViewSource } from "./cluster-view.js";
export { apiSource, PROXY_TIMEOUT_MS } from "./api-source.js";
export { fixtureSource, fixtureView, type Fixtures } from "./fixture-source.js";
export { runChecks, onePerIncident } from "./run.js";
export { formatFinding, formatReport, reportJson } from "./format.js";
export { CHECKS } from "./checks/index.js";
export { watchDoctor, type WatchOptions } from "./watch.js";
