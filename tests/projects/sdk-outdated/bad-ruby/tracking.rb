$customerio = Customerio::Client.new(ENV["CIO_SITE_ID"], ENV["CIO_API_KEY"])

def plan_changed(user)
  $customerio.track(user.id, "plan_changed", plan: user.plan)
end
