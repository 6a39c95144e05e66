/**
 * CustomResourceDefinitions against `skiff up` with the real kubectl: a CRD
 * with a validated schema, printer columns, the status and scale
 * subresources and two versions; its custom resources created, listed,
 * watched, patched, applied (client-side and server-side) and scaled;
 * schema and CEL violations refused in upstream's words; the second version
 * read through None conversion; kubectl explain; a category-all CRD in
 * kubectl get all; a name clash; the CRD's deletion taking its objects
 * with it and ending watches; and a restart serving the CRD again.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { rawClient } from "./api-client.js";
import { startTestCluster, type TestCluster } from "./cluster.js";
import { startConversionWebhook, webhookConversion, webhookManifests, type ConversionWebhook } from "./conversion-webhook.js";
import { condition, getJson as getObj, until, untilKubectl, type Obj } from "./wait.js";

/** A custom resource as JSON: the Obj of the waits plus what these tests read. */
type CR = Obj & { apiVersion: string; metadata: Obj["metadata"] & { generation?: number; managedFields?: { manager: string; operation: string }[] } };
const getJson = (c: TestCluster, args: string[]) => getObj<CR>(c, args);

const CRD = "crontabs.stable.example.com";

const crontabsCRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: ${CRD}
spec:
  group: stable.example.com
  scope: Namespaced
  names:
    plural: crontabs
    singular: crontab
    kind: CronTab
    shortNames: [ct]
    categories: [all]
  versions:
  - name: v1
    served: true
    storage: true
    subresources:
      status: {}
      scale:
        specReplicasPath: .spec.replicas
        statusReplicasPath: .status.replicas
        labelSelectorPath: .status.labelSelector
    additionalPrinterColumns:
    - {name: Spec, type: string, jsonPath: .spec.cronSpec}
    - {name: Replicas, type: integer, jsonPath: .spec.replicas}
    - {name: Image, type: string, priority: 1, jsonPath: .spec.image}
    - {name: Age, type: date, jsonPath: .metadata.creationTimestamp}
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            description: The desired state of the CronTab.
            properties:
              cronSpec: {type: string, description: The schedule in cron format.}
              image: {type: string}
              replicas: {type: integer, minimum: 1, default: 1}
              size:
                type: integer
                minimum: 1
                x-kubernetes-validations:
                - {rule: "self >= oldSelf", message: size may not shrink}
              ports:
                type: array
                x-kubernetes-list-type: map
                x-kubernetes-list-map-keys: [name]
                items:
                  type: object
                  required: [name]
                  properties:
                    name: {type: string}
                    port: {type: integer}
          status:
            type: object
            properties:
              replicas: {type: integer}
              labelSelector: {type: string}
  - name: v1beta1
    served: true
    storage: false
    deprecated: true
    schema:
      openAPIV3Schema:
        type: object
        x-kubernetes-preserve-unknown-fields: true
`;

const cronTab = (name: string, spec: Record<string, unknown>) => JSON.stringify({ apiVersion: "stable.example.com/v1", kind: "CronTab", metadata: { name }, spec });

describe("custom resources of a CustomResourceDefinition", () => {
  let c: TestCluster;
  before(async () => {
    c = await startTestCluster();
  });
  after(async () => {
    await c?.stop();
  });

  test("a CRD becomes Established with its names accepted, and its versions are discovered", async () => {
    await c.k(["apply", "-f", "-"], crontabsCRD);
    const crd = await until("the CRD is Established", async (seen) => {
      const o = await getJson(c, ["get", "crd", CRD]);
      seen(JSON.stringify(o.status));
      return condition(o, "Established")?.status === "True" ? o : undefined;
    });
    assert.deepEqual(condition(crd, "NamesAccepted"), { ...condition(crd, "NamesAccepted"), status: "True", reason: "NoConflicts", message: "no conflicts found" });
    assert.equal(condition(crd, "Established")?.reason, "InitialNamesAccepted");
    assert.deepEqual((crd.status as { storedVersions: string[] }).storedVersions, ["v1"]);
    await untilKubectl(c, ["api-versions"], "both versions are served", (out) => /^stable\.example\.com\/v1$/m.test(out) && /^stable\.example\.com\/v1beta1$/m.test(out));
    const resources = await c.k(["api-resources", "--api-group", "stable.example.com"]);
    assert.match(resources, /^crontabs\s+ct\s+stable\.example\.com\/v1\s+true\s+CronTab$/m);
    const services = await c.k(["get", "apiservices", "v1.stable.example.com"]);
    assert.match(services, /^v1\.stable\.example\.com\s+Local\s+True/m);
  });

  test("create, get and list with the printer columns; defaults applied", async () => {
    await c.k(["create", "-f", "-"], cronTab("tab", { cronSpec: "* * * * */5", image: "my-cron-image", size: 3 }));
    const tab = await getJson(c, ["get", "ct", "tab"]);
    assert.equal((tab.spec as { replicas: number }).replicas, 1, "the schema's default");
    assert.equal(tab.metadata.generation, 1);
    const table = await c.k(["get", "crontabs"]);
    assert.match(table, /^NAME\s+SPEC\s+REPLICAS\s+AGE$/m);
    assert.match(table, /^tab\s+\* \* \* \* \*\/5\s+1\s+\d+s$/m);
    const wide = await c.k(["get", "crontabs", "-o", "wide"]);
    assert.match(wide, /^NAME\s+SPEC\s+REPLICAS\s+IMAGE\s+AGE$/m);
    assert.match(wide, /^tab\s+\* \* \* \* \*\/5\s+1\s+my-cron-image\s+/m);
    const names = await c.k(["get", "crontab.stable.example.com", "-o", "name"]);
    assert.equal(names, "crontab.stable.example.com/tab\n");
  });

  test("a schema violation is refused in upstream's words", async () => {
    const r = await c.kubectl(["create", "-f", "-"], { input: cronTab("bad", { replicas: 0 }) });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /The CronTab "bad" is invalid: spec\.replicas: Invalid value: 0: spec\.replicas in body should be greater than or equal to 1/);
  });

  test("unknown fields are pruned, or refused with --validate=strict", async () => {
    const strict = await c.kubectl(["create", "--validate=strict", "-f", "-"], { input: cronTab("unknown", { foo: 1 }) });
    assert.equal(strict.code, 1);
    assert.match(strict.stderr, /CronTab in version "v1" cannot be handled as a CronTab: strict decoding error: unknown field "spec\.foo"/);
    const warned = await c.kubectl(["create", "--validate=warn", "-f", "-"], { input: cronTab("unknown", { foo: 1 }) });
    assert.equal(warned.code, 0, warned.stderr);
    assert.match(warned.stderr, /Warning: unknown field "spec\.foo"/);
    const stored = await getJson(c, ["get", "ct", "unknown"]);
    assert.equal((stored.spec as Record<string, unknown>).foo, undefined);
    await c.k(["delete", "ct", "unknown"]);
  });

  test("merge and JSON patches apply; a CEL transition rule refuses shrinking; strategic merge is refused", async () => {
    await c.k(["patch", "ct", "tab", "--type", "merge", "-p", '{"spec":{"image":"img-2"}}']);
    await c.k(["patch", "ct", "tab", "--type", "json", "-p", '[{"op":"replace","path":"/spec/cronSpec","value":"0 * * * *"}]']);
    const tab = await getJson(c, ["get", "ct", "tab"]);
    assert.deepEqual(tab.spec, { cronSpec: "0 * * * *", image: "img-2", replicas: 1, size: 3 });
    assert.equal(tab.metadata.generation, 3);
    const shrink = await c.kubectl(["patch", "ct", "tab", "--type", "merge", "-p", '{"spec":{"size":2}}']);
    assert.equal(shrink.code, 1);
    assert.match(shrink.stderr, /The CronTab "tab" is invalid: spec\.size: Invalid value: "integer": size may not shrink/);
    const smp = await c.kubectl(["patch", "ct", "tab", "--type", "strategic", "-p", '{"spec":{"image":"x"}}']);
    assert.equal(smp.code, 1);
    assert.match(smp.stderr, /the body of the request was in an unknown format - accepted media types include: application\/json-patch\+json, application\/merge-patch\+json, application\/apply-patch\+yaml/);
  });

  test("client-side apply, and server-side apply merging list-map items by key", async () => {
    const manifest = (name: string, spec: unknown) => `apiVersion: stable.example.com/v1\nkind: CronTab\nmetadata:\n  name: ${name}\nspec: ${JSON.stringify(spec)}\n`;
    await c.k(["apply", "-f", "-"], manifest("applied", { cronSpec: "1 * * * *" }));
    await c.k(["apply", "-f", "-"], manifest("applied", { cronSpec: "2 * * * *" }));
    assert.equal(((await getJson(c, ["get", "ct", "applied"])).spec as { cronSpec: string }).cronSpec, "2 * * * *");
    await c.k(["apply", "--server-side", "-f", "-"], manifest("ssa", { cronSpec: "3 * * * *", ports: [{ name: "http", port: 80 }] }));
    await c.k(["apply", "--server-side", "--field-manager", "other", "-f", "-"], manifest("ssa", { ports: [{ name: "metrics", port: 9090 }] }));
    const ssa = await getJson(c, ["get", "ct", "ssa", "--show-managed-fields"]);
    assert.deepEqual((ssa.spec as { ports: unknown }).ports, [{ name: "http", port: 80 }, { name: "metrics", port: 9090 }]);
    const managers = (ssa.metadata.managedFields ?? []).map((m) => `${m.manager}/${m.operation}`);
    assert.deepEqual(managers, ["kubectl/Apply", "other/Apply"]);
    const conflict = await c.kubectl(["apply", "--server-side", "--field-manager", "third", "-f", "-"], { input: manifest("ssa", { cronSpec: "4 * * * *" }) });
    assert.equal(conflict.code, 1);
    assert.match(conflict.stderr, /conflict with "kubectl".*\.spec\.cronSpec/s);
  });

  test("status subresource: the main resource ignores status, /status ignores spec", async () => {
    await c.k(["patch", "ct", "tab", "--type", "merge", "-p", '{"status":{"replicas":7}}']);
    assert.equal((await getJson(c, ["get", "ct", "tab"])).status, undefined);
    await c.k(["patch", "ct", "tab", "--subresource", "status", "--type", "merge", "-p", '{"status":{"replicas":2,"labelSelector":"app=tab"},"spec":{"image":"ignored"}}']);
    const tab = await getJson(c, ["get", "ct", "tab"]);
    assert.deepEqual(tab.status, { replicas: 2, labelSelector: "app=tab" });
    assert.equal((tab.spec as { image: string }).image, "img-2");
    assert.equal(tab.metadata.generation, 3, "a status write does not bump generation");
  });

  test("kubectl scale through the scale subresource", async () => {
    await c.k(["scale", "ct", "tab", "--replicas", "4"]);
    const tab = await getJson(c, ["get", "ct", "tab"]);
    assert.equal((tab.spec as { replicas: number }).replicas, 4);
    const scale = JSON.parse(await c.k(["get", "--raw", "/apis/stable.example.com/v1/namespaces/default/crontabs/tab/scale"]));
    assert.deepEqual({ kind: scale.kind, apiVersion: scale.apiVersion, spec: scale.spec, status: scale.status }, { kind: "Scale", apiVersion: "autoscaling/v1", spec: { replicas: 4 }, status: { replicas: 2, selector: "app=tab" } });
  });

  test("the second version reads the same objects (None conversion), with its deprecation warning", async () => {
    const read = await c.kubectl(["get", "crontabs.v1beta1.stable.example.com", "tab", "-o", "json"]);
    assert.equal(read.code, 0, read.stderr);
    assert.match(read.stderr, /Warning: stable\.example\.com\/v1beta1 CronTab is deprecated/);
    const tab = JSON.parse(read.stdout) as CR;
    assert.equal(tab.apiVersion, "stable.example.com/v1beta1");
    assert.equal((tab.spec as { image: string }).image, "img-2");
    const created = JSON.stringify({ apiVersion: "stable.example.com/v1beta1", kind: "CronTab", metadata: { name: "beta" }, spec: { anything: "goes" } });
    await c.k(["create", "-f", "-"], created);
    const asV1 = await getJson(c, ["get", "crontabs.v1.stable.example.com", "beta"]);
    assert.equal(asV1.apiVersion, "stable.example.com/v1");
  });

  test("kubectl explain describes the custom resource from its schema", async () => {
    const out = await c.k(["explain", "crontabs.spec"]);
    assert.match(out, /^KIND:\s+CronTab$/m);
    assert.match(out, /^VERSION:\s+v1$/m);
    assert.match(out, /The desired state of the CronTab\./);
    assert.match(out, /^\s+cronSpec\s+<string>$/m);
    assert.match(out, /The schedule in cron format\./);
    assert.match(out, /^\s+ports\s+<\[\]Object>$/m);
  });

  test("kubectl get all includes a CRD in category all", async () => {
    const out = await c.k(["get", "all"]);
    assert.match(out, /^crontab\.stable\.example\.com\/tab\s+/m);
  });

  test("a watch sees changes, and ends cleanly when the CRD is deleted with its objects", async () => {
    const w = c.spawnKubectl(["get", "ct", "-w", "-o", "name"]);
    await until("the watch lists tab", async () => w.output().includes("crontab.stable.example.com/tab"));
    await c.k(["create", "-f", "-"], cronTab("watched", { cronSpec: "5 * * * *" }));
    await until("the watch sees the new object", async () => w.output().includes("crontab.stable.example.com/watched"));
    const exited = new Promise<number | null>((resolve) => w.proc.once("exit", (code) => resolve(code)));
    await c.k(["delete", "crd", CRD, "--timeout", "60s"]);
    assert.equal(await exited, 0, w.output());
    const crds = await c.k(["get", "crd", "-o", "name"]);
    assert.doesNotMatch(crds, /crontabs/);
    await untilKubectl(c, ["api-versions"], "the group is gone", (out) => !/stable\.example\.com/.test(out));
    const services = await c.kubectl(["get", "apiservices", "v1.stable.example.com"]);
    await until("its APIService is gone", async (seen) => {
      const r = await c.kubectl(["get", "apiservices", "v1.stable.example.com"]);
      seen(r.stdout + r.stderr);
      return r.code === 1;
    });
    assert.ok(services);
    // A CRD of the same name starts empty: the objects went with the old one.
    await c.k(["apply", "-f", "-"], crontabsCRD);
    await untilKubectl(c, ["get", "crontabs", "-o", "name"], "the CRD is served again, with no objects", (out) => out === "");
  });

  test("a name clash within a group: NamesAccepted False with upstream's message", async () => {
    const clash = crontabsCRD.replace(`name: ${CRD}`, "name: crontabs2.stable.example.com").replace("plural: crontabs", "plural: crontabs2").replace("singular: crontab\n", "singular: crontab2\n").replace("kind: CronTab\n", "kind: CronTab2\n");
    await c.k(["apply", "-f", "-"], clash);
    const crd = await until("the clash is reported", async (seen) => {
      const o = await getJson(c, ["get", "crd", "crontabs2.stable.example.com"]);
      seen(JSON.stringify(o.status));
      return condition(o, "NamesAccepted")?.status === "False" ? o : undefined;
    });
    assert.equal(condition(crd, "NamesAccepted")?.reason, "ShortNamesConflict");
    assert.equal(condition(crd, "NamesAccepted")?.message, '"ct" is already in use');
    assert.deepEqual({ ...condition(crd, "Established"), lastTransitionTime: undefined }, { type: "Established", status: "False", reason: "NotAccepted", message: "not all names are accepted", lastTransitionTime: undefined });
  });

  test("an invalid CRD is refused with upstream's messages", async () => {
    const bad = crontabsCRD.replace(`name: ${CRD}`, "name: wrong.stable.example.com").replace("    storage: false", "    storage: true");
    const r = await c.kubectl(["create", "-f", "-"], { input: bad });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /The CustomResourceDefinition "wrong\.stable\.example\.com" is invalid/);
    assert.match(r.stderr, /metadata\.name: Invalid value: "wrong\.stable\.example\.com": must be spec\.names\.plural\+"\."\+spec\.group/);
    assert.match(r.stderr, /spec\.versions: Invalid value: .*: must have exactly one version marked as storage version/);
  });

  test("after a restart the CRD is served again before the server reports ready, and watches resume from its revisions", async () => {
    await c.k(["create", "-f", "-"], cronTab("survivor", { cronSpec: "6 * * * *" }));
    await c.restart();
    const r = await c.kubectl(["get", "crontabs", "survivor", "-o", "name"]);
    assert.equal(r.stdout, "crontab.stable.example.com/survivor\n", r.stderr);
    // As upstream, the new watch cache starts at the current revision: a watch resumes from there on.
    const rv = await c.k(["patch", "ct", "survivor", "--type", "merge", "-p", '{"spec":{"image":"after-restart"}}', "-o", "jsonpath={.metadata.resourceVersion}"]);
    await c.k(["patch", "ct", "survivor", "--type", "merge", "-p", '{"spec":{"cronSpec":"7 * * * *"}}']);
    const api = rawClient(c.kubeconfig);
    const stream = await api.request("GET", `/apis/stable.example.com/v1/namespaces/default/crontabs?watch=1&resourceVersion=${rv}&timeoutSeconds=1&fieldSelector=metadata.name%3Dsurvivor`);
    const events = stream.body.trim().split("\n").map((l) => JSON.parse(l) as { type: string; object: { spec?: { cronSpec: string } } });
    assert.deepEqual(events.map((e) => `${e.type} ${e.object.spec?.cronSpec}`), ["MODIFIED 7 * * * *"], stream.body);
  });
});

describe("a CRD whose versions convert through a conversion webhook", () => {
  let c: TestCluster;
  let hook: ConversionWebhook;
  const NS = "hooks";
  const SVC = "crontab-conversion";
  before(async () => {
    c = await startTestCluster();
    hook = await startConversionWebhook({ service: SVC, namespace: NS });
  });
  after(async () => {
    await hook?.close();
    await c?.stop();
  });

  test("kubectl reads and writes either version; storage keeps the storage version; watches convert", async () => {
    await c.k(["create", "namespace", NS]);
    await c.k(["apply", "-f", "-"], webhookManifests(NS, SVC, hook.port));
    const open = { type: "object", "x-kubernetes-preserve-unknown-fields": true };
    const crd = {
      apiVersion: "apiextensions.k8s.io/v1",
      kind: "CustomResourceDefinition",
      metadata: { name: "crontabs.stable.example.com" },
      spec: {
        group: "stable.example.com",
        scope: "Namespaced",
        names: { plural: "crontabs", kind: "CronTab", shortNames: ["ct"] },
        versions: [
          { name: "v1", served: true, storage: true, schema: { openAPIV3Schema: open } },
          { name: "v2", served: true, storage: false, schema: { openAPIV3Schema: open } },
        ],
        conversion: webhookConversion(NS, SVC, hook.caBundle),
      },
    };
    await c.k(["apply", "-f", "-"], JSON.stringify(crd));
    await untilKubectl(c, ["api-versions"], "v2 is served", (out) => /^stable\.example\.com\/v2$/m.test(out));
    await c.k(["create", "-f", "-"], JSON.stringify({ apiVersion: "stable.example.com/v2", kind: "CronTab", metadata: { name: "tab" }, spec: { schedule: "*/5 * * * *" } }));
    assert.ok(hook.reviews.some((r) => r.desiredAPIVersion === "stable.example.com/v1" && r.objects.includes("tab stable.example.com/v2")), JSON.stringify(hook.reviews));
    const v1 = await getJson(c, ["get", "crontabs.v1.stable.example.com", "tab"]);
    assert.deepEqual([v1.apiVersion, v1.spec], ["stable.example.com/v1", { cronSpec: "*/5 * * * *" }]);
    const v2 = await getJson(c, ["get", "crontabs.v2.stable.example.com", "tab"]);
    assert.deepEqual([v2.apiVersion, v2.spec], ["stable.example.com/v2", { schedule: "*/5 * * * *" }]);
    const w = c.spawnKubectl(["get", "crontabs.v2.stable.example.com", "-w", "-o", "jsonpath={.spec.schedule}{\"\\n\"}"]);
    try {
      await until("the watch lists tab", async () => w.output().includes("*/5 * * * *"));
      await c.k(["patch", "crontabs.v1.stable.example.com", "tab", "--type", "merge", "-p", '{"spec":{"cronSpec":"0 0 * * *"}}']);
      await until("the watch sees the change in v2's words", async () => w.output().includes("0 0 * * *"));
    } finally {
      w.proc.kill();
    }
  });
});

export type { Obj };
