import { AnalyticsBrowser } from "@customerio/cdp-analytics-browser";

const analytics = AnalyticsBrowser.load({ writeKey: process.env.NEXT_PUBLIC_CIO_WRITE_KEY! });

export const viewed = () => analytics.track("Product Viewed");
export const added = () => analytics.track("Product Added");
export const checkout = () => analytics.track("Checkout Started");
export const ordered = () => analytics.track("order_completed"); // expect: event-name-style
