# A wrapper class whose constructor builds its own client.
class Notifier
  def initialize(user)
    @user = user
    @client = Customerio::Client.new(ENV["CIO_SITE_ID"], ENV["CIO_API_KEY"])
  end

  def welcome(plan:, source: "web")
    @client.track(@user.id, "welcome_sent", plan: plan, source: source)
  end
end
