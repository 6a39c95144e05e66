import { runStoreConformance } from "../conformance.js";
import { createMemoryStore } from "./memory-store.js";

runStoreConformance({ name: "memory", newStore: async () => createMemoryStore() });
