require "customerio"

$customerio = Customerio::Client.new(ENV["CIO_SITE_ID"], ENV["CIO_API_KEY"])

class Newsletter
  def subscribe(email)
    $customerio.identify(id: email, subscribed: true) # ok: only e-mail ids in this project
  end

  def sent(email)
    $customerio.track(email, "newsletter_sent") # ok: the same kind of id
  end
end
