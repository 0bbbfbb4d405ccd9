class AdminTools
  def grant(user)
    $customerio.identify(id: user.id, plan: "enterprise", seats: 50) # ok: string plan, number seats
  end

  def event(user)
    $customerio.track(user.id, "plan_changed", { plan: 3 }) # ok: event data is its own namespace
  end
end

$customerio = Customerio::Client.new(ENV["CIO_SITE_ID"], ENV["CIO_API_KEY"])
