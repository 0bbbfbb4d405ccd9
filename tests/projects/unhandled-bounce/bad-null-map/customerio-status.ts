// Customer.io reporting metric → our delivery status.
export const DELIVERY_STATUS: Record<string, string | null> = {
  sent: "sent",
  delivered: "delivered",
  dropped: null, // expect: unhandled-bounce
  opened: "opened",
};
