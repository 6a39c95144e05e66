import { test } from "node:test";
import assert from "node:assert/strict";
import { formatValid, isSupportedFormat } from "./formats.js";
import { escapeFieldName } from "./cel-types.js";

test("Formats of upstream's supported set accept and refuse what strfmt does.", () => {
  const cases: [string, string[], string[]][] = [
    ["hostname", ["example.com", "a", "xn--bcher-kva.example"], ["-bad.example.com", "a..b", ""]],
    ["ipv4", ["10.0.0.1"], ["10.0.0.256", "::1"]],
    ["ipv6", ["::1", "2001:db8::1"], ["10.0.0.1"]],
    ["cidr", ["10.0.0.0/8", "2001:db8::/32"], ["10.0.0.0/33", "10.0.0.0"]],
    ["mac", ["00:1a:2b:3c:4d:5e", "00-1a-2b-3c-4d-5e"], ["00:1a:2b"]],
    ["uri", ["https://example.com/x?y=1", "/absolute/path"], ["relative/path", ""]],
    ["email", ["a@example.com"], ["not an email"]],
    ["date-time", ["2024-01-02T03:04:05Z", "2024-01-02T03:04:05.123+02:00", "2024-01-02T03:04"], ["2024-13-02T03:04:05Z", "2024-01-02"]],
    ["datetime", ["2024-01-02T03:04:05Z"], ["x"]],
    ["date", ["2024-02-29"], ["2023-02-29", "2024-1-2"]],
    ["duration", ["1h30m", "5s", "3 days", "1.5h"], ["soon", "5"]],
    ["byte", ["aGVsbG8=", ""], ["aGVsbG8", "!!"]],
    ["uuid", ["123e4567-e89b-12d3-a456-426614174000", "123E4567E89B12D3A456426614174000"], ["123"]],
    ["uuid4", ["123e4567-e89b-42d3-a456-426614174000"], ["123e4567-e89b-12d3-a456-426614174000"]],
    ["isbn10", ["0321751043"], ["0321751044"]],
    ["isbn13", ["978-0321751041"], ["978-0321751042"]],
    ["hexcolor", ["#fff", "A0B1C2"], ["#ffff"]],
    ["rgbcolor", ["rgb(255, 0, 10)"], ["rgb(256,0,0)"]],
    ["ssn", ["123-45-6789"], ["123456789x"]],
    ["bsonobjectid", ["507f1f77bcf86cd799439011"], ["507f1f77"]],
  ];
  for (const [format, good, bad] of cases) {
    assert.ok(isSupportedFormat(format), format);
    for (const s of good) assert.ok(formatValid(format, s), `${format} should accept ${JSON.stringify(s)}`);
    for (const s of bad) assert.ok(!formatValid(format, s), `${format} should refuse ${JSON.stringify(s)}`);
  }
  assert.ok(!isSupportedFormat("int32"));
  assert.ok(!isSupportedFormat("my-format"));
});

test("Property names reach CEL escaped as upstream escapes them.", () => {
  assert.equal(escapeFieldName("namespace"), "__namespace__");
  assert.equal(escapeFieldName("foo-bar"), "foo__dash__bar");
  assert.equal(escapeFieldName("a.b/c"), "a__dot__b__slash__c");
  assert.equal(escapeFieldName("x__y"), "x__underscores__y");
  assert.equal(escapeFieldName("1abc"), undefined);
  assert.equal(escapeFieldName("a b"), undefined);
});
