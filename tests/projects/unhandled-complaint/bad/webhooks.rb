class CioWebhooksController < ApplicationController
  before_action :verify_signature

  def create
    case params[:metric]
    when "spammed" # expect: unhandled-complaint
      Rails.logger.info("spam complaint #{params[:delivery_id]}")
    when "bounced"
      User.find(params[:data][:customer_id]).update!(email_valid: false)
    end
    head :ok
  end
end
