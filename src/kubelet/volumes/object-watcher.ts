/**
 * The ConfigMaps and Secrets the kubelet's pods refer to, each watched on
 * its own (upstream's watch-based ConfigMap/Secret managers): one
 * single-object informer (fieldSelector metadata.name) per referenced
 * object, shared by the pods that refer to it and stopped when the last
 * one lets go. Thousands of kubelets share a process, so none of them
 * watches every ConfigMap or Secret.
 */
import type { GVR, KubeObject, Client } from "../../client/types.js";
import { SharedInformer } from "../../client/shared-informer.js";
import type { Clock } from "../../util/clock.js";

interface Watched {
  informer: SharedInformer<KubeObject>;
  stop: AbortController;
  users: Set<string>;
}

export interface ObjectWatcherOptions {
  client: Client;
  clock: Clock;
  /** Called with the users (pod uids) of an object that changed. */
  onChange(users: ReadonlySet<string>): void;
}

export class ObjectWatcher {
  private readonly watched = new Map<string, Watched>();
  /** Keys each user holds. */
  private readonly held = new Map<string, Set<string>>();

  constructor(private readonly opts: ObjectWatcherOptions) {}

  /** The object as last seen (waiting for the first list); undefined when it does not exist. */
  async get<T extends KubeObject>(gvr: GVR, namespace: string, name: string, user: string): Promise<T | undefined> {
    const key = `${gvr.resource}/${namespace}/${name}`;
    let w = this.watched.get(key);
    if (!w) {
      const informer = new SharedInformer<KubeObject>({ client: this.opts.client, clock: this.opts.clock, gvr, namespace, fieldSelector: `metadata.name=${name}` });
      w = { informer, stop: new AbortController(), users: new Set() };
      const users = w.users;
      let listed = false;
      void informer.whenSynced.then(() => (listed = true));
      const changed = () => listed && this.opts.onChange(users);
      informer.addEventHandler({ onAdd: changed, onUpdate: changed, onDelete: changed });
      this.watched.set(key, w);
      void informer.run(w.stop.signal);
    }
    w.users.add(user);
    let keys = this.held.get(user);
    if (!keys) this.held.set(user, (keys = new Set()));
    keys.add(key);
    await w.informer.whenSynced;
    return w.informer.lister.get(namespace, name) as T | undefined;
  }

  /** Lets go of every object user refers to; watches nobody needs any more stop. */
  release(user: string): void {
    for (const key of this.held.get(user) ?? []) {
      const w = this.watched.get(key);
      if (!w) continue;
      w.users.delete(user);
      if (w.users.size) continue;
      w.stop.abort();
      this.watched.delete(key);
    }
    this.held.delete(user);
  }

  /** Stops every watch. */
  close(): void {
    for (const w of this.watched.values()) w.stop.abort();
    this.watched.clear();
    this.held.clear();
  }

  size(): number {
    return this.watched.size;
  }
}
