import assert from "node:assert/strict";
import { test } from "node:test";
import { fieldErrorMessage } from "../validation/field.js";
import type { CustomResourceDefinition } from "./crd-types.js";
import { validateCRD, validateCRDUpdate } from "./crd-validation.js";

function crd(patch: (c: CustomResourceDefinition) => void = () => undefined): CustomResourceDefinition {
  const c: CustomResourceDefinition = {
    metadata: { name: "crontabs.stable.example.com" },
    spec: {
      group: "stable.example.com",
      scope: "Namespaced",
      names: { plural: "crontabs", singular: "crontab", kind: "CronTab", listKind: "CronTabList" },
      versions: [{ name: "v1", served: true, storage: true, schema: { openAPIV3Schema: { type: "object", properties: { spec: { type: "object" } } } } }],
      conversion: { strategy: "None" },
    },
    status: { storedVersions: ["v1"] },
  };
  patch(c);
  return c;
}

const messages = (c: CustomResourceDefinition) => validateCRD(c).map(fieldErrorMessage);

test("a well-formed CRD passes", () => {
  assert.deepEqual(messages(crd()), []);
});

test("name, group, scope, versions and names are checked as upstream words them", () => {
  assert.deepEqual(messages(crd((c) => (c.metadata.name = "tabs.stable.example.com"))), ['metadata.name: Invalid value: "tabs.stable.example.com": must be spec.names.plural+"."+spec.group']);
  assert.deepEqual(messages(crd((c) => ((c.spec.group = "example"), (c.metadata.name = "crontabs.example")))), ['spec.group: Invalid value: "example": should be a domain with at least one dot']);
  assert.deepEqual(messages(crd((c) => (c.spec.scope = "Global"))), ['spec.scope: Unsupported value: "Global": supported values: "Cluster", "Namespaced"']);
  const two = messages(crd((c) => c.spec.versions.push({ ...c.spec.versions[0]!, name: "v2" }))).filter((m) => m.startsWith("spec."));
  assert.equal(two.length, 1);
  assert.match(two[0]!, /^spec\.versions: Invalid value: .*: must have exactly one version marked as storage version$/);
  assert.deepEqual(messages(crd((c) => delete c.spec.versions[0]!.schema)), ["spec.versions[0].schema.openAPIV3Schema: Required value: schemas are required"]);
  assert.deepEqual(messages(crd((c) => (c.spec.names.listKind = "CronTab"))), ['spec.names.listKind: Invalid value: "CronTab": kind and listKind may not be the same']);
});

test("the schema must be structural, reported where it sits", () => {
  const errs = messages(crd((c) => (c.spec.versions[0]!.schema = { openAPIV3Schema: { type: "object", properties: { spec: {} } } })));
  assert.ok(errs.some((e) => e.startsWith("spec.versions[0].schema.openAPIV3Schema.properties[spec].type: Required value")), errs.join("\n"));
});

test("subresources and printer columns: JSONPaths as upstream's validateSimpleJSONPath", () => {
  const errs = messages(
    crd((c) => {
      c.spec.versions[0]!.subresources = { scale: { specReplicasPath: ".status.replicas", statusReplicasPath: "status.replicas" } };
      c.spec.versions[0]!.additionalPrinterColumns = [{ name: "X", type: "time", jsonPath: ".spec.x" }];
    }),
  );
  assert.deepEqual(errs, [
    'spec.versions[0].subresources.scale.specReplicasPath: Invalid value: ".status.replicas": should be a json path under .spec',
    'spec.versions[0].subresources.scale.statusReplicasPath: Invalid value: "status.replicas": must be a simple json path starting with .',
    'spec.versions[0].additionalPrinterColumns[0].type: Invalid value: "time": must be one of boolean,date,integer,number,string',
  ]);
});

test("webhook conversion needs a client config; stored versions must be in spec.versions", () => {
  assert.deepEqual(messages(crd((c) => (c.spec.conversion = { strategy: "Webhook" }))), [
    "spec.conversion.webhookClientConfig: Required value: required when strategy is set to Webhook",
    "spec.conversion.conversionReviewVersions: Required value: must include at least one of v1, v1beta1",
  ]);
  assert.deepEqual(messages(crd((c) => (c.status!.storedVersions = ["v1", "v0"]))), ['status.storedVersions[1]: Invalid value: "v0": must appear in spec.versions']);
});

test("group and plural never change; scope and kind not once Established", () => {
  const old = crd((c) => (c.status!.conditions = [{ type: "Established", status: "True" }]));
  const next = crd((c) => ((c.spec.scope = "Cluster"), (c.spec.names.kind = "Tab"), (c.spec.names.listKind = "TabList")));
  assert.deepEqual(validateCRDUpdate(next, old).map(fieldErrorMessage), ['spec.scope: Invalid value: "Cluster": field is immutable', 'spec.names.kind: Invalid value: "Tab": field is immutable']);
});
