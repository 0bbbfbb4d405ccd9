class WelcomeJob < ApplicationJob
  def perform(user)
    client = Customerio::APIClient.new(ENV.fetch("CIO_APP_KEY"), region: Customerio::Regions::EU) # ok: EU like the initializer
    client.send_email(Customerio::SendEmailRequest.new(transactional_message_id: "welcome", to: user.email, identifiers: { id: user.id }))
  end
end
