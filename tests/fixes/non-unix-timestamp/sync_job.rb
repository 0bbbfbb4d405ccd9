$customerio = Customerio::Client.new(ENV.fetch("CIO_SITE_ID"), ENV.fetch("CIO_API_KEY"))

class SyncJob
  def perform(user)
    $customerio.track(user.id, "order_placed", {}, timestamp: Time.now)
    $customerio.identify(id: user.id, last_login_at: Time.current.iso8601)
  end
end
