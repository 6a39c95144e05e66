/**
 * Pods in ErrImagePull or ImagePullBackOff (S11), with the registry's error
 * from their Events ("Failed to pull image ...: 401 Unauthorized", "i/o
 * timeout", "not found") and the credentials they used: the pod's
 * imagePullSecrets (copied from its ServiceAccount at admission), whether
 * each exists and which registries it holds credentials for. Pods failing
 * against the same registry are one incident, told by a pod whose Events
 * still hold the registry's error.
 * Works on any cluster.
 */
import type { Pod } from "kubernetes-types/core/v1.js";
import type { KubeObject } from "../../api/types.js";
import { PODS, SECRETS } from "../../client/resources.js";
import type { Check, EvidenceStep, Finding } from "../types.js";

type PodObject = Pod & KubeObject;

const PULL_FAILURES = new Set(["ErrImagePull", "ImagePullBackOff", "ErrImageNeverPull", "InvalidImageName"]);

/** The registry host of an image reference ("docker.io" when it names none). */
export function registryOf(image: string): string {
  const first = image.split("/")[0];
  return image.includes("/") && (first.includes(".") || first.includes(":") || first === "localhost") ? first : "docker.io";
}

/** What kind of failure a pull error is, and what fixes it. */
export function classifyPullError(message: string): { kind: string; fix: (registry: string, secrets: string[]) => string } {
  if (/401|403|unauthorized|authentication required|denied|invalid username|incorrect username|no basic auth credentials/i.test(message)) {
    return { kind: "credentials refused", fix: (r, s) => (s.length ? `the credentials in ${s.join(", ")} are refused by ${r}: renew them (kubectl create secret docker-registry ... --docker-server=${r}) ` : `${r} wants credentials and the pod has none: create a kubernetes.io/dockerconfigjson Secret and add it to imagePullSecrets (or to the ServiceAccount)`) };
  }
  if (/i\/o timeout|no such host|connection refused|dial tcp|network is unreachable|TLS handshake timeout|deadline exceeded/i.test(message)) {
    return { kind: "registry unreachable", fix: (r) => `the nodes cannot reach ${r}: check egress (security groups, firewall, proxy) and DNS from the nodes` };
  }
  if (/not found|manifest unknown|does not exist|pull access denied/i.test(message)) {
    return { kind: "image not found", fix: (r) => `the image or tag does not exist on ${r} (or is private without credentials): check the name and tag` };
  }
  return { kind: "pull failed", fix: (r) => `read the error from ${r} above` };
}

export const imagePull: Check = {
  name: "image-pull",
  description: "pods in ErrImagePull/ImagePullBackOff: the registry's error from their Events and the imagePullSecrets they used",
  async run({ view }) {
    const byCause = new Map<string, { pods: string[]; about: Finding["about"]; chain: EvidenceStep[]; fix: string; registry: string; kind: string; hasError: boolean }>();
    for (const p of await view.list<PodObject>(PODS)) {
      const statuses = [...(p.status?.initContainerStatuses ?? []), ...(p.status?.containerStatuses ?? [])];
      const failing = statuses.find((c) => PULL_FAILURES.has(c.state?.waiting?.reason ?? ""));
      if (!failing) continue;
      const ns = p.metadata.namespace!;
      const name = p.metadata.name!;
      const image = failing.image || (p.spec?.containers ?? []).find((c) => c.name === failing.name)?.image || "";
      const registry = registryOf(image);
      const events = await view.eventsFor({ kind: "Pod", namespace: ns, name });
      const pullError = events.filter((e) => e.reason === "Failed" && /pull/i.test(e.message ?? "")).at(-1);
      const message = pullError?.message ?? failing.state?.waiting?.message ?? "";
      const kind = classifyPullError(message);
      const cause = `Registry/${registry}`;
      const seen = byCause.get(cause);
      if (seen) seen.pods.push(`${ns}/${name}`);
      if (seen && (seen.hasError || !pullError)) continue;
      const secrets = (p.spec?.imagePullSecrets ?? []).map((s) => s.name!).filter(Boolean);
      const chain: EvidenceStep[] = [
        { text: `Pod ${ns}/${name} container ${failing.name} (${image}): ${failing.state!.waiting!.reason}${failing.state?.waiting?.message ? `: ${failing.state.waiting.message}` : ""}`, ref: { kind: "Pod", namespace: ns, name } },
      ];
      if (pullError) chain.push({ text: `Event ${pullError.reason}: ${pullError.message}`, ref: { kind: "Event", namespace: pullError.metadata.namespace, name: pullError.metadata.name! } });
      chain.push({ text: `registry ${registry}: ${kind.kind}` });
      if (!secrets.length) chain.push({ text: `imagePullSecrets: none (service account ${p.spec?.serviceAccountName ?? "default"} adds none)` });
      for (const s of secrets) {
        const secret = await view.get(SECRETS, ns, s);
        chain.push({ text: `imagePullSecret ${ns}/${s}: ${secret ? describeDockerSecret(secret, registry) : "does not exist"}`, ref: { kind: "Secret", namespace: ns, name: s } });
      }
      byCause.set(cause, { pods: seen?.pods ?? [`${ns}/${name}`], about: { kind: "Pod", namespace: ns, name }, chain, fix: kind.fix(registry, secrets.map((s) => `${ns}/${s}`)), registry, kind: kind.kind, hasError: !!pullError });
    }
    return [...byCause].map(([cause, f]): Finding => ({
      check: "image-pull",
      severity: "warning",
      about: f.about,
      summary: `${f.pods.length === 1 ? "pod cannot" : `${f.pods.length} pods cannot`} pull images from ${f.registry}: ${f.kind}${f.pods.length > 1 ? ` (${f.pods.slice(0, 5).join(", ")}${f.pods.length > 5 ? ", ..." : ""})` : ""}`,
      chain: f.chain,
      fix: f.fix,
      cause,
    }));
  },
};

/** "kubernetes.io/dockerconfigjson with credentials for registry.example.com" (never the credentials). */
function describeDockerSecret(secret: KubeObject, registry: string): string {
  const data = (secret.data as Record<string, string> | undefined) ?? {};
  const raw = data[".dockerconfigjson"] ?? data[".dockercfg"];
  if (!raw) return `type ${String(secret.type)}, holds no registry credentials`;
  try {
    const parsed = JSON.parse(Buffer.from(raw, "base64").toString("utf8")) as { auths?: Record<string, unknown> } & Record<string, unknown>;
    const hosts = Object.keys(parsed.auths ?? parsed);
    const matches = hosts.some((h) => h.replace(/^https?:\/\//, "").split("/")[0] === registry);
    return `${String(secret.type)} with credentials for ${hosts.join(", ") || "no registry"}${matches ? "" : ` (none for ${registry})`}`;
  } catch {
    return `${String(secret.type)}, not readable as a docker config`;
  }
}
