/** The scheme: every built-in resource, grouped by API group in discovery order. */
import type { ResourceDefinition } from "./types.js";
import { resources as core } from "./core/index.js";
import { resources as apps } from "./apps/index.js";
import { resources as batch } from "./batch/index.js";
import { resources as coordination } from "./coordination/index.js";
import { resources as discovery } from "./discovery/index.js";
import { resources as events } from "./events/index.js";
import { resources as policy } from "./policy/index.js";
import { resources as autoscaling } from "./autoscaling/index.js";
import { resources as networking } from "./networking/index.js";
import { resources as rbac } from "./rbac/index.js";
import { resources as storage } from "./storage/index.js";
import { resources as scheduling } from "./scheduling/index.js";
import { resources as apiregistration } from "./apiregistration/index.js";
import { resources as certificates } from "./certificates/index.js";
import { resources as chaos } from "./chaos/index.js";
import { resources as network } from "./network/index.js";
import { resources as authorization } from "./authorization/index.js";
import { resources as authentication } from "./authentication/index.js";
import { resources as flowcontrol } from "./flowcontrol/index.js";
import { resources as node } from "./node/index.js";
import { resources as resource } from "./resource/index.js";
import { resources as apiextensions } from "./apiextensions/index.js";
import { resources as admissionregistration } from "./admissionregistration/index.js";

export * from "./types.js";
export * from "./errors.js";

/** Built-in resources; the order of groups is discovery's order (upstream's priority order). */
export const builtinResources: ResourceDefinition<any>[] = [
  ...core,
  ...apiregistration,
  ...apps,
  ...events,
  ...authentication,
  ...authorization,
  ...autoscaling,
  ...batch,
  ...certificates,
  ...networking,
  ...policy,
  ...rbac,
  ...storage,
  ...admissionregistration,
  ...apiextensions,
  ...coordination,
  ...discovery,
  ...flowcontrol,
  ...node,
  ...scheduling,
  ...resource,
  ...chaos,
  ...network,
];
