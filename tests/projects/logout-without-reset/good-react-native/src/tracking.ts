import { CustomerIO } from "customerio-reactnative";

export function forgetUser() {
  CustomerIO.clearIdentify();
}
