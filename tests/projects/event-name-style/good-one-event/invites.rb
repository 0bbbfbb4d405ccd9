class Invites
  def accepted(user)
    $customerio.track(user.id, "UserSignedUp") # ok: the same single name
  end
end

$customerio = Customerio::Client.new(ENV["CIO_SITE_ID"], ENV["CIO_API_KEY"])
