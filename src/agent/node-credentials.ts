/**
 * A joined node's files in the agent's data directory:
 *
 *   pki/ca.crt                          the cluster CA (from discovery)
 *   pki/kubelet-client-<node>.crt/.key  the node's client certificate
 *   kubelet-<node>.conf                 its kubelet kubeconfig
 *
 * A restart reuses a certificate that the CA issued and that has not
 * expired, with no token needed.
 */
import { X509Certificate } from "node:crypto";
import { join } from "node:path";
import { certificateMatchesKey, readKubeconfig, writeKubeconfig } from "../pki/index.js";
import { ensurePrivateDir, PRIVATE_FILE_MODE, PUBLIC_FILE_MODE, readOptional, writeFileAtomic } from "../pki/files.js";

export interface NodeCredentials {
  server: string;
  caPem: string;
  certPem: string;
  keyPem: string;
}

export const caPath = (dir: string) => join(dir, "pki", "ca.crt");
export const clientCertPath = (dir: string, node: string) => join(dir, "pki", `kubelet-client-${node}.crt`);
export const clientKeyPath = (dir: string, node: string) => join(dir, "pki", `kubelet-client-${node}.key`);
export const kubeletKubeconfigPath = (dir: string, node: string) => join(dir, `kubelet-${node}.conf`);

export async function saveClusterCA(dir: string, caPem: string): Promise<void> {
  await ensurePrivateDir(join(dir, "pki"));
  await writeFileAtomic(caPath(dir), caPem, PUBLIC_FILE_MODE);
}

/** Writes the node's key, certificate and kubelet kubeconfig (key first: a certificate implies its key). */
export async function saveNodeCredentials(dir: string, node: string, c: NodeCredentials): Promise<void> {
  await ensurePrivateDir(join(dir, "pki"));
  await writeFileAtomic(clientKeyPath(dir, node), c.keyPem, PRIVATE_FILE_MODE);
  await writeFileAtomic(clientCertPath(dir, node), c.certPem, PUBLIC_FILE_MODE);
  await writeKubeconfig(kubeletKubeconfigPath(dir, node), { server: c.server, caPem: c.caPem, certPem: c.certPem, keyPem: c.keyPem, clusterName: "default-cluster", userName: "default-auth", contextName: "default-context" });
}

/** The node's saved credentials when still usable at time now: issued by the saved CA, matching its key, unexpired. */
export async function loadNodeCredentials(dir: string, node: string, now: number): Promise<NodeCredentials | undefined> {
  const [caPem, certPem, keyPem] = await Promise.all([readOptional(caPath(dir)), readOptional(clientCertPath(dir, node)), readOptional(clientKeyPath(dir, node))]);
  if (!caPem || !certPem || !keyPem) return undefined;
  let server: string;
  try {
    server = (await readKubeconfig(kubeletKubeconfigPath(dir, node))).server;
    const cert = new X509Certificate(certPem);
    const ca = new X509Certificate(caPem);
    if (!cert.checkIssued(ca) || !cert.verify(ca.publicKey) || !certificateMatchesKey(certPem, keyPem)) return undefined;
    if (Date.parse(cert.validTo) <= now) return undefined;
  } catch {
    return undefined;
  }
  return { server, caPem, certPem, keyPem };
}
