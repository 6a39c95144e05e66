import assert from "node:assert/strict";
import { test } from "node:test";
import type { CustomResourceDefinition } from "../../api/apiextensions/index.js";
import { calculateNames } from "./naming.js";

function crd(plural: string, kind: string, shortNames: string[] = [], accepted?: boolean): CustomResourceDefinition {
  const names = { plural, singular: plural.replace(/s$/, ""), kind, listKind: `${kind}List`, shortNames };
  return {
    metadata: { name: `${plural}.stable.example.com` },
    spec: { group: "stable.example.com", scope: "Namespaced", names, versions: [{ name: "v1", served: true, storage: true }] },
    status: accepted ? { acceptedNames: names } : {},
  };
}

test("fresh names are accepted; Established waits for the establishing controller", () => {
  const r = calculateNames(crd("crontabs", "CronTab", ["ct"]), []);
  assert.deepEqual(r.namesAccepted, { type: "NamesAccepted", status: "True", reason: "NoConflicts", message: "no conflicts found" });
  assert.deepEqual(r.established, { type: "Established", status: "False", reason: "Installing", message: "the initial names have been accepted" });
  assert.equal(r.acceptedNames.plural, "crontabs");
  assert.deepEqual(r.acceptedNames.shortNames, ["ct"]);
});

test("names another CRD of the group holds are refused, each with its reason", () => {
  const holder = crd("crontabs", "CronTab", ["ct"], true);
  const short = calculateNames(crd("crontabs2", "CronTab2", ["ct"]), [holder]);
  assert.deepEqual(short.namesAccepted, { type: "NamesAccepted", status: "False", reason: "ShortNamesConflict", message: '"ct" is already in use' });
  assert.deepEqual(short.established, { type: "Established", status: "False", reason: "NotAccepted", message: "not all names are accepted" });
  assert.equal(short.acceptedNames.shortNames, undefined);
  const kind = calculateNames(crd("others", "CronTab"), [holder]);
  // Both kind and listKind clash: as upstream, the last check's reason stands.
  assert.equal(kind.namesAccepted.reason, "ListKindConflict");
  assert.equal(kind.namesAccepted.message, '"CronTabList" is already in use');
  assert.equal(kind.acceptedNames.kind, undefined);
  const taken = crd("crontabs", "Other");
  taken.spec.names.singular = "other";
  const plural = calculateNames({ ...taken, metadata: { name: "crontabs.other" } }, [holder]);
  assert.deepEqual(plural.namesAccepted, { type: "NamesAccepted", status: "False", reason: "PluralConflict", message: '"crontabs" is already in use' });
  // Another group's names do not count.
  const elsewhere = { ...holder, spec: { ...holder.spec, group: "other.example.com" } };
  assert.equal(calculateNames(crd("crontabs2", "CronTab2", ["ct"]), [elsewhere]).namesAccepted.status, "True");
});

test("names already accepted stay accepted", () => {
  const mine = crd("crontabs", "CronTab", ["ct"], true);
  const r = calculateNames(mine, [mine, { ...crd("crontabs", "CronTab", ["ct"], true), metadata: { name: "x" } }]);
  assert.equal(r.namesAccepted.status, "True");
});
