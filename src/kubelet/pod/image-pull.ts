/**
 * Image pulls that fail, as upstream's image manager reports them: the
 * runtime's error becomes a Warning "Failed" event `Failed to pull image
 * "<image>": <error>` and `Error: ErrImagePull`, the container waits with
 * reason ErrImagePull and the error as message, and the image backs off
 * (10 s doubling to 5 min, per pod and image). Asked again while backing
 * off, the kubelet does not pull: a Normal "BackOff" event `Back-off
 * pulling image "<image>"`, `Error: ImagePullBackOff`, and the container
 * waits with reason ImagePullBackOff and message `Back-off pulling image
 * "<image>": ErrImagePull: <error>`.
 */
import type { PodObject } from "../../api/core/pod-types.js";
import type { EventRecorder } from "../../client/events.js";
import type { Clock } from "../../util/clock.js";
import { RuntimeError } from "../runtime/runtime.js";
import type { RestartBackoff } from "./backoff.js";

/** Why a container waits on its image. */
export interface PullWaiting {
  reason: "ErrImagePull" | "ImagePullBackOff";
  message: string;
  /** When to try again. */
  retryAt: number;
}

/** The last failed pull per pod and image. */
export class PullFailures {
  private readonly last = new Map<string, { at: number; message: string }>();

  constructor(
    private readonly backoff: RestartBackoff,
    private readonly clock: Clock,
  ) {}

  private key(pod: PodObject, image: string): string {
    return `${pod.metadata!.uid}/image/${image}`;
  }

  /** The ImagePullBackOff waiting (after its events) while the image backs off; undefined: pull. */
  backingOff(pod: PodObject, image: string, recorder: EventRecorder | undefined): PullWaiting | undefined {
    const key = this.key(pod, image);
    const last = this.last.get(key);
    const now = this.clock.now();
    if (!last || !this.backoff.inBackOffSince(key, last.at, now)) return undefined;
    recorder?.event(pod, "Normal", "BackOff", `Back-off pulling image "${image}"`);
    recorder?.event(pod, "Warning", "Failed", "Error: ImagePullBackOff");
    return { reason: "ImagePullBackOff", message: `Back-off pulling image "${image}": ErrImagePull: ${last.message}`, retryAt: last.at + this.backoff.get(key) };
  }

  /** Runs the pull; a runtime's refusal becomes the ErrImagePull waiting (after its events). Other errors (timeouts) propagate. */
  async pull(pod: PodObject, image: string, recorder: EventRecorder | undefined, pull: () => Promise<unknown>, retryMs: number): Promise<PullWaiting | undefined> {
    const key = this.key(pod, image);
    try {
      await pull();
    } catch (err) {
      if (!(err instanceof RuntimeError)) throw err;
      const now = this.clock.now();
      this.backoff.next(key, now, now);
      this.last.set(key, { at: now, message: err.message });
      recorder?.event(pod, "Warning", "Failed", `Failed to pull image "${image}": ${err.message}`);
      recorder?.event(pod, "Warning", "Failed", "Error: ErrImagePull");
      return { reason: "ErrImagePull", message: err.message, retryAt: now + retryMs };
    }
    this.last.delete(key);
    return undefined;
  }
}
