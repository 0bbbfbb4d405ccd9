class Billing
  def trial(user)
    $customerio.track(user.id, "Trial started")
  end

  def paid(user)
    $customerio.track(user.id, "Invoice Paid") # expect: event-name-style
  end
end

$customerio = Customerio::Client.new(ENV["CIO_SITE_ID"], ENV["CIO_API_KEY"])
