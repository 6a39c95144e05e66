export { createCacher } from "./cacher.js";
export type { CacheEvent, CacheSink, CacheWatch, CacheWatchOptions, CachedObject, Cacher, CacherOptions } from "./types.js";
