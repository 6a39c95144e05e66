/**
 * Upstream Kubernetes v1.28.7 (kube-apiserver, kube-controller-manager and
 * kube-scheduler built with Go 1.23, etcd 3.4) on a quiet 2-core machine of
 * the class Skiff's figures come from, measured with the same load shapes as
 * bench/e2e.ts: ConfigMaps of ~1 KB from 32 keep-alive HTTPS clients, 100
 * watchers under 200 updates/s, 5,000 nodes and 10,000 pods. Where upstream
 * gave a range, the middle of it.
 */
export const UPSTREAM = {
  createsPerSec: 600, // 536 to 663
  getsPerSec: 1280, // 1,131 to 1,433
  list10kMs: 393, // 379 to 406
  watchP99Ms: 1750, // 1.1 to 2.4 s, slow watchers force-closed
  podsPerSec: 151, // 130 to 172, first create to last binding
  podBoundP50Ms: 2400, // 2.2 to 2.6 s
  nodesPerSec: 670, // 550 to 790
  readyMs: 3150, // 2.9 to 3.4 s from exec
  idleRssMiB: 408, // whole control plane
};

/** Skiff's goals for the same figures. */
export const GOALS = {
  createsPerSec: 3100,
  getsPerSec: 6500,
  list10kMs: 100,
  watchP99Ms: 100,
  podsPerSec: 1000,
  podBoundP99Ms: 1000,
  nodesPerSec: 2000,
  readyMs: 1000,
  idleRssMiB: 150,
};
