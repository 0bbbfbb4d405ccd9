# Another project (its own Gemfile): the e-mail sent by profile-service does not reach the
# people this one identifies.
class Plans
  def changed(user)
    $customerio.identify(id: user.id, plan: user.plan) # expect: identify-without-email
  end
end

$customerio = Customerio::Client.new(ENV["CIO_SITE_ID"], ENV["CIO_API_KEY"])
