require "customerio"

$customerio = Customerio::Client.new(ENV["CIO_SITE_ID"], ENV["CIO_API_KEY"])

class RegistrationsController < ApplicationController
  def create
    user = User.create!(user_params)
    $customerio.identify(id: user.id, created_at: user.created_at.to_i, plan: "trial")
  end
end

class ProfilesController < ApplicationController
  def update
    current_user.update!(profile_params)
    $customerio.identify(id: current_user.id, email: current_user.email, name: current_user.name) # ok: links, but after sign-up made the uid profile
  end
end

class InvoicesMailer
  def paid(invoice)
    $customerio.track(invoice.customer_email, "invoice_paid", amount: invoice.amount) # expect: identity-split
  end
end
