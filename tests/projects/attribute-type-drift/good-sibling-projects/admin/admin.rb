# Another project (its own Gemfile): its `plan` is a number, and it is never compared with
# billing-api's.
class AdminTools
  def grant(user)
    $customerio.identify(id: user.id, plan: 1, seats: "5") # ok: another project's attributes
  end

  def revoke(user)
    $customerio.identify(id: user.id, plan: 0, seats: "0") # ok: consistent within admin
  end
end

$customerio = Customerio::Client.new(ENV["CIO_SITE_ID"], ENV["CIO_API_KEY"])
