require "customerio"

$customerio = Customerio::Client.new(ENV["CIO_SITE_ID"], ENV["CIO_API_KEY"])

class WelcomeMailer
  def deliver(user)
    $customerio.track(user.email, "welcome_requested", locale: user.locale) # expect: identity-split
  end

  def trial(user)
    $customerio.identify(id: user.email.downcase, trial: true) # expect: identity-split
  end

  def seen(user)
    $customerio.track(user.id, "seen") # ok: keyed by a uid
  end
end
