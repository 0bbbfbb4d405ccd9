"use client";

// The App API key stays on the server: the button asks our own route to send the receipt.
export function ResendReceipt({ order }: { order: { id: string } }) {
  const resend = () => fetch(`/orders/${order.id}/receipt`, { method: "POST" });
  return <button onClick={resend}>Resend receipt</button>;
}
