export { createCacher } from "./cacher.js";
export type { CacheEvent, CacheSink, CacheWatch, CacheWatchOptions, CachedObject, EncodedObject, Cacher, CacherOptions } from "./types.js";
