# The Rails app beside the Python service has its own Gemfile and its own workspace: its
# clients are compared with each other, not with the Python ones.
$customerio = Customerio::Client.new(ENV["CIO_SITE_ID"], ENV["CIO_API_KEY"]) # ok: another application's client

class SignupTracker
  def call(user)
    $customerio.identify(id: user.id, email: user.email)
  end
end
