import { test } from "node:test";
import assert from "node:assert/strict";
import { fieldErrorMessage } from "../../api/validation/field.js";
import { validateSchemaStructure, type JSONSchemaProps } from "./index.js";

const P = "spec.versions[0].schema.openAPIV3Schema";
const check = (s: JSONSchemaProps) => validateSchemaStructure(s, P).map(fieldErrorMessage);

test("A well-formed structural schema has no errors.", () => {
  assert.deepEqual(
    check({
      type: "object",
      properties: {
        metadata: { type: "object", properties: { name: { type: "string", maxLength: 10 } } },
        spec: {
          type: "object",
          required: ["size"],
          "x-kubernetes-validations": [{ rule: "self.size >= 0", message: "size must be positive" }],
          properties: {
            size: { type: "integer", default: 1, minimum: 0 },
            port: { "x-kubernetes-int-or-string": true, anyOf: [{ type: "integer" }, { type: "string" }] },
            ports: { type: "array", "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["name"], items: { type: "object", required: ["name"], properties: { name: { type: "string" } } } },
          },
        },
      },
    }),
    [],
  );
});

test("Types are required, and must be object at the root.", () => {
  assert.deepEqual(check({ properties: { spec: { properties: { a: {} } } } }), [
    `${P}.properties[spec].properties[a].type: Required value: must not be empty for specified object fields`,
    `${P}.properties[spec].type: Required value: must not be empty for specified object fields`,
    `${P}.type: Required value: must not be empty at the root`,
  ]);
  assert.deepEqual(check({ type: "string" }), [`${P}.type: Invalid value: "string": must be object at the root`]);
  assert.deepEqual(check({ type: "object", properties: { a: { type: "array" } } }), [`${P}.properties[a].items: Required value: must be specified`]);
});

test("Unsupported keywords and value validations that are not structural are forbidden.", () => {
  const errs = check({
    type: "object",
    properties: {
      a: { type: "array", uniqueItems: true, items: { type: "string" } },
      b: { type: "object", properties: { x: { type: "string" } }, additionalProperties: { type: "string" } },
      c: { type: "string", $ref: "#/x" },
      d: { type: "string", allOf: [{ type: "string", description: "no" }] },
      e: { type: "string", pattern: "(?=x)" },
    },
  });
  assert.deepEqual(errs, [
    `${P}.properties[a].uniqueItems: Forbidden: uniqueItems cannot be set to true since the runtime complexity becomes quadratic`,
    `${P}.properties[b].additionalProperties: Forbidden: additionalProperties and properties are mutual exclusive`,
    `${P}.properties[c].$ref: Forbidden: $ref is not supported`,
    `${P}.properties[d].allOf[0].description: Forbidden: must be empty to be structural`,
    `${P}.properties[d].allOf[0].type: Forbidden: must be empty to be structural`,
    `${P}.properties[e].pattern: Invalid value: "(?=x)": must be a valid regular expression, but isn't: error parsing regexp: invalid or unsupported Perl syntax: \`(?=\``,
  ]);
});

test("Root metadata may only restrict name and generateName; defaults there are forbidden.", () => {
  assert.deepEqual(check({ type: "object", properties: { metadata: { type: "object", properties: { labels: { type: "object" } } } } }), [
    `${P}.properties[metadata]: Forbidden: must not specify anything other than name and generateName, but metadata is implicitly specified`,
  ]);
  assert.deepEqual(check({ type: "object", properties: { metadata: { type: "object", properties: { name: { type: "string", default: "x" } } } } }), [
    `${P}.properties[metadata].properties[name].default: Forbidden: must not be set in top-level metadata`,
  ]);
});

test("List map keys must be item properties, scalar, and required or defaulted.", () => {
  assert.deepEqual(
    check({
      type: "object",
      properties: {
        l: { type: "array", "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["name", "nope"], items: { type: "object", properties: { name: { type: "string" } } } },
        m: { type: "array", "x-kubernetes-list-map-keys": ["a"], items: { type: "string" } },
      },
    }),
    [
      `${P}.properties[l].x-kubernetes-list-map-keys: Invalid value: ["name","nope"]: entries must all be names of item properties`,
      `${P}.properties[l].items.properties[name].default: Required value: this property is in x-kubernetes-list-map-keys, so it must have a default or be a required property`,
      `${P}.properties[m].x-kubernetes-list-type: Required value: must be map if x-kubernetes-list-map-keys is non-empty`,
    ].map((m) => m.replace('["name","nope"]', '[]string{"name", "nope"}')),
  );
});

test("Defaults must validate and must not carry unknown fields.", () => {
  assert.deepEqual(
    check({
      type: "object",
      properties: {
        a: { type: "integer", default: "x" },
        b: { type: "object", properties: { x: { type: "string" } }, default: { x: "1", y: 2 } },
        c: { type: "object", properties: { n: { type: "integer", minimum: 5 } }, default: { n: 1 } },
      },
    }),
    [
      `${P}.properties[a].default: Invalid value: "string": <nil> in body must be of type integer: "string"`.replace("<nil> in body", " in body"),
      `${P}.properties[b].default: Invalid value: {"x":"1","y":2}: must not have unknown fields`,
      `${P}.properties[c].default.n: Invalid value: 1: n in body should be greater than or equal to 5`,
    ],
  );
});

test("CEL rules that do not compile are reported with the rule and cel-go's rendering.", () => {
  const errs = check({
    type: "object",
    properties: { spec: { type: "object", properties: { size: { type: "integer" } }, "x-kubernetes-validations": [{ rule: "self.sise > 1" }, { rule: "self.size" }, { rule: "" }] } },
  });
  assert.deepEqual(errs, [
    `${P}.properties[spec].x-kubernetes-validations[2].rule: Required value: rule is not specified`,
    `${P}.properties[spec].x-kubernetes-validations[0].rule: Invalid value: apiextensions.ValidationRule{Rule:"self.sise > 1", Message:"", MessageExpression:"", Reason:(*apiextensions.FieldValueErrorReason)(nil), FieldPath:"", OptionalOldSelf:(*bool)(nil)}: compilation failed: ERROR: <input>:1:5: undefined field 'sise'\n | self.sise > 1\n | ....^`,
    `${P}.properties[spec].x-kubernetes-validations[1].rule: Invalid value: apiextensions.ValidationRule{Rule:"self.size", Message:"", MessageExpression:"", Reason:(*apiextensions.FieldValueErrorReason)(nil), FieldPath:"", OptionalOldSelf:(*bool)(nil)}: cel expression must evaluate to a bool`,
  ]);
});

test("oldSelf is refused below lists that do not correlate items.", () => {
  const errs = check({
    type: "object",
    properties: { xs: { type: "array", items: { type: "string", "x-kubernetes-validations": [{ rule: "self == oldSelf" }] } } },
  });
  assert.deepEqual(errs, [`${P}.properties[xs].items.x-kubernetes-validations[0].rule: Invalid value: "self == oldSelf": oldSelf cannot be used on the uncorrelatable portion of the schema within ${P}.properties[xs]`]);
});

test("Value validations at the root may only speak of declared properties.", () => {
  assert.deepEqual(check({ type: "object", properties: { a: { type: "string" } }, anyOf: [{ required: ["a"] }, { properties: { b: { minLength: 1 } } }] }), [
    `${P}.properties[b]: Required value: because it is defined in ${P}.anyOf[1].properties[b]`,
  ]);
});

test("A schema that is not shaped as JSONSchemaProps gets Go's decode error, never a crash.", () => {
  assert.deepEqual(check({ type: "object", properties: { a: { type: 5 } } } as unknown as JSONSchemaProps), [
    `${P}: Invalid value: "": json: cannot unmarshal number into Go struct field JSONSchemaProps.type of type string`,
  ]);
  assert.deepEqual(check("x" as unknown as JSONSchemaProps), [`${P}: Invalid value: "": json: cannot unmarshal string into Go value of type v1.JSONSchemaProps`]);
});
