$customerio = Customerio::Client.new(ENV.fetch("CIO_SITE_ID"), ENV.fetch("CIO_API_KEY"))

class SyncJob
  def perform(user)
    $customerio.identify(id: user.id, created_at: (Time.now.to_f * 1000).to_i)
    $customerio.identify(id: user.id, trial_ends_at: 14.days.from_now.to_i * 1000)
    $customerio.track(user.id, "renewed", { timestamp: 1704067200000 })
  end
end
