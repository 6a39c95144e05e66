export {
  createServiceAccountTokenController,
  isTokenOf,
  SERVICE_ACCOUNT_NAME_KEY,
  SERVICE_ACCOUNT_TOKEN_TYPE,
  SERVICE_ACCOUNT_UID_KEY,
  SERVICEACCOUNT_TOKEN_CONTROLLER,
  type ServiceAccountTokenOptions,
} from "./controller.js";
