/**
 * CoreDNS as a sim program: a sim container whose image is
 * registry.k8s.io/coredns/coredns runs this. Its DNS port is answered by
 * Skiff's cluster DNS server (isDnsServerPod tells the simulated network),
 * so the program only says what CoreDNS says: its start-up lines, /health
 * on 8080 ("OK") and /ready on 8181 ("OK" once the kubernetes plugin's
 * caches have synced, else 503 naming the plugin).
 */
import { createHash } from "node:crypto";
import { imageRepository, type SimProgram } from "../kubelet/index.js";
import { COREDNS_VERSION } from "./addon.js";

export const COREDNS_IMAGES = ["registry.k8s.io/coredns/coredns", "registry.k8s.io/coredns", "k8s.gcr.io/coredns/coredns", "coredns/coredns"];

export function corednsProgram(o: { ready(): boolean }): SimProgram {
  return {
    matches: (image) => COREDNS_IMAGES.includes(imageRepository(image)),
    async run(ctx) {
      const confAt = ctx.argv.indexOf("-conf");
      const confPath = confAt >= 0 ? ctx.argv[confAt + 1] : "Corefile";
      const conf = ctx.readFile(confPath);
      if (conf === undefined) throw new Error(`plugin/file: open ${confPath}: no such file or directory`);
      ctx.log("stdout", ".:53");
      ctx.log("stdout", `[INFO] plugin/reload: Running configuration SHA512 = ${createHash("sha512").update(conf).digest("hex")}`);
      ctx.log("stdout", `CoreDNS-${COREDNS_VERSION.replace(/^v/, "")}`);
      ctx.log("stdout", "linux/amd64");
      const text = (status: number, body: string) => ({ status, contentType: "text/plain; charset=utf-8", body });
      ctx.serveProbes(8080, (req) => (req.target.split("?")[0] === "/health" ? text(200, "OK") : text(404, "404 page not found\n")));
      ctx.serveProbes(8181, (req) => (req.target.split("?")[0] !== "/ready" ? text(404, "404 page not found\n") : o.ready() ? text(200, "OK") : text(503, "kubernetes")));
      await new Promise<void>((resolve) => ctx.signal.addEventListener("abort", () => resolve(), { once: true }));
      return 0;
    },
  };
}
