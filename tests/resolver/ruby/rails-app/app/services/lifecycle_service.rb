# One service object per lifecycle event: the event's name picks the method (`send`).
class LifecycleService
  def initialize(user, event)
    @cio = Customerio::Client.new(ENV["CIO_SITE_ID"], ENV["CIO_API_KEY"])
    send event, user
  end

  private

  def user_signup(user)
    @cio.identify(id: user.id, email: user.email, created_at: user.created_at.to_i)
  end

  def password_reset_requested(user)
    @cio.track(user.id, "password_reset_requested", reset_token: user.reset_password_token) # expect: sensitive-data-in-payload
  end

  def email_changed(user)
    @cio.identify(id: user.email, email: user.email)
  end
end
