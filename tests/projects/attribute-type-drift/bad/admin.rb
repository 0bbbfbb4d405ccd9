class AdminTools
  def grant(user)
    $customerio.identify(id: user.id, plan: 1) # expect: attribute-type-drift
  end

  def flag(user)
    $customerio.identify(id: user.id, trial: "no") # expect: attribute-type-drift
  end
end

$customerio = Customerio::Client.new(ENV["CIO_SITE_ID"], ENV["CIO_API_KEY"])
