/**
 * Server-side apply and managed fields: who owns which field of an object.
 */
export { applyObject, updateManagedFields, MAX_UPDATE_MANAGERS, type ApplyOptions, type OwnershipOptions, type UpdateOptions } from "./apply.js";
export { conflictMessage, printManager } from "./conflict.js";
export { decodeManagedFields, encodeManagedFields, managerId, type ManagedFieldsEntry, type ManagerEntry, type Managers, type Operation } from "./managed-fields.js";
export { FieldSet } from "./field-set.js";
export { undeclaredFieldsError } from "./undeclared.js";
export { pathToString, type FieldPath, type PathElement } from "./field-path.js";
