# Builds the mailer (and so its client) in its own constructor: two constructors deep.
class SignupFlow
  def initialize(user)
    @user = user
    @mailer = WelcomeMailer.new(user)
  end

  def run
    @mailer.deliver
  end
end
