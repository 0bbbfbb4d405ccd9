class ReceiptJob < ApplicationJob
  def perform(order)
    client = Customerio::APIClient.new(ENV.fetch("CIO_APP_KEY")) # expect: region-inconsistent
    request = Customerio::SendEmailRequest.new(
      transactional_message_id: "receipt",
      to: order.user.email,
      identifiers: { id: order.user.id },
      message_data: { total: order.total }
    )
    client.send_email(request)
  end
end
