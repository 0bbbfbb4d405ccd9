export { identifyMember, trackMemberEvent } from "./track";
export { getCustomerIoConfig } from "./config";
