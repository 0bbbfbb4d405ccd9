# The project's own mail gateway client, named like the SDK's.
class APIClient
  def send_email(to)
    Net::SMTP.start("localhost") { |smtp| smtp.send_message("hi", "noreply@example.com", to) }
  end
end
