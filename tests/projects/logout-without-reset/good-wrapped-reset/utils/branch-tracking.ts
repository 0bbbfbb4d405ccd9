import branch from "react-native-branch";

// ok: another vendor's wrapper; the app's logout resets Customer.io in App.tsx
class BranchService {
  async logout(): Promise<void> {
    return branch.logout();
  }
}

export const branchTracking = new BranchService();
