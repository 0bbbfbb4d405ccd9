# Builds an App API client per instance.
class WelcomeMailer
  def initialize(user)
    @user = user
    @api = Customerio::APIClient.new(ENV.fetch("CIO_APP_API_KEY"))
  end

  def deliver
    request = Customerio::SendEmailRequest.new(
      to: @user.email,
      transactional_message_id: "welcome",
      identifiers: { id: @user.id },
    )
    @api.send_email(request)
  end
end
