import { test } from "node:test";
import assert from "node:assert/strict";
import { fieldErrorMessage } from "./field.js";
import { TOTAL_ANNOTATION_SIZE_LIMIT, validateAnnotations, validateLabels } from "./labels.js";

test("Label errors are reported at the map's own path, keys and values alike.", () => {
  const errs = validateLabels({ "bad key!": "ok", app: "-bad-" }, "spec.selector").map(fieldErrorMessage);
  assert.equal(errs.length, 2);
  assert.ok(errs[0].startsWith('spec.selector: Invalid value: "bad key!": name part must consist of alphanumeric characters'));
  assert.ok(errs[1].startsWith('spec.selector: Invalid value: "-bad-": a valid label must be an empty string or consist of alphanumeric characters'));
});

test("Annotation keys are checked case-insensitively and the values may be anything.", () => {
  assert.deepEqual(validateAnnotations({ "Example.com/Key": "any value at all: !" }, "metadata.annotations"), []);
});

test("Annotations over the total size limit are too long.", () => {
  const errs = validateAnnotations({ a: "x".repeat(TOTAL_ANNOTATION_SIZE_LIMIT) }, "metadata.annotations").map(fieldErrorMessage);
  assert.deepEqual(errs, [`metadata.annotations: Too long: must have at most ${TOTAL_ANNOTATION_SIZE_LIMIT} bytes`]);
});
