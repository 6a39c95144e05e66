export { createTokenCleaner, TOKEN_CLEANER } from "./controller.js";
