import { CustomerIO } from "customerio-reactnative";

// The app's one Customer.io service, shared as a singleton.
class CustomerIOService {
  private static instance: CustomerIOService;

  static getInstance(): CustomerIOService {
    if (!CustomerIOService.instance) CustomerIOService.instance = new CustomerIOService();
    return CustomerIOService.instance;
  }

  async identifyCustomer(userId: string): Promise<void> {
    return CustomerIO.identify({ userId });
  }

  async clearCustomer(): Promise<void> {
    return CustomerIO.clearIdentify();
  }
}

export const customerIO = CustomerIOService.getInstance();
