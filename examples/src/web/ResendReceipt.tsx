"use client";
import { APIClient, SendEmailRequest } from "customerio-node";

const api = new APIClient(process.env.CIO_APP_KEY!);

export function ResendReceipt({ order }: { order: { id: string; email: string; customerId: string } }) {
  const resend = () =>
    api.sendEmail(
      new SendEmailRequest({
        transactional_message_id: "order_receipt",
        to: order.email,
        identifiers: { id: order.customerId },
        message_data: { order_id: order.id },
      }),
    );
  return <button onClick={resend}>Resend receipt</button>;
}
