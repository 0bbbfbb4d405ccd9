class CioWebhooksController < ApplicationController
  before_action :verify_signature

  def create
    case params[:metric]
    when "spammed" # ok: suppressed and alerted
      $customerio.suppress(params[:data][:customer_id])
      ComplaintAlert.notify(params[:delivery_id])
    end
    head :ok
  end
end
