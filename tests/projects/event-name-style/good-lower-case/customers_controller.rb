class CustomersController < ApplicationController
  def create
    @customer = Customer.create!(customer_params)
    $customerio.track(@customer.id, "new customer") # ok: lower case, the project's style
    $customerio.track(@customer.id, "sale") # ok: one word fits any lower-case style
  end

  def update
    $customerio.track(params[:id], "invoice updated") # ok: lower case
    $customerio.track(params[:id], "refund") # ok: one word
    $customerio.track(params[:id], "payment") # ok: one word
  end
end

$customerio = Customerio::Client.new(ENV["CIO_SITE_ID"], ENV["CIO_API_KEY"])
