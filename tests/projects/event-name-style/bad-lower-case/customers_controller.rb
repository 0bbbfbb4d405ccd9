class CustomersController < ApplicationController
  def create
    @customer = Customer.create!(customer_params)
    $customerio.track(@customer.id, "new customer")
    $customerio.track(@customer.id, "sale")
    $customerio.track(@customer.id, "invoice_paid") # expect: event-name-style
  end

  def update
    $customerio.track(params[:id], "invoice updated")
  end
end

$customerio = Customerio::Client.new(ENV["CIO_SITE_ID"], ENV["CIO_API_KEY"])
