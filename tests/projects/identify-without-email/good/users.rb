class Users
  def created(user)
    $customerio.identify(id: user.id, email: user.email) # ok: the project sends email here
  end
end

$customerio = Customerio::Client.new(ENV["CIO_SITE_ID"], ENV["CIO_API_KEY"])
