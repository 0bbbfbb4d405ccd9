class Billing
  def upgraded(user)
    $customerio.track(user.id, "Plan upgraded") # ok: Sentence case
  end

  def sms(user)
    $customerio.track(user.id, "Verified SMS number") # ok: an acronym keeps its capitals
  end
end

$customerio = Customerio::Client.new(ENV["CIO_SITE_ID"], ENV["CIO_API_KEY"])
