class Billing
  def upgraded(user)
    $customerio.track(user.id, "Plan upgraded")
  end
end

$customerio = Customerio::Client.new(ENV["CIO_SITE_ID"], ENV["CIO_API_KEY"])
