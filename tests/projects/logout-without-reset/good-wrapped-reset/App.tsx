import * as SecureStore from "expo-secure-store";
import { customerIO } from "./utils/customerio-tracking";
import { branchTracking } from "./utils/branch-tracking";

async function signedIn(uid: string) {
  await customerIO.identifyCustomer(uid);
}

async function resetStoredData() {
  await SecureStore.deleteItemAsync("push_token");
  await customerIO.clearCustomer();
}

// ok: resets through a helper of this file and the app's Customer.io service
export const onLogout = async () => {
  await resetStoredData();
  branchTracking.logout().catch(console.error);
};

export { signedIn };
