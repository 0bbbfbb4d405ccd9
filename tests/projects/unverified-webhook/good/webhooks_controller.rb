class CustomerioWebhooksController < ApplicationController
  skip_before_action :verify_authenticity_token
  before_action :verify_customerio_signature

  # ok: the before_action verifies the signature
  def create
    event = JSON.parse(request.raw_post)
    DeliveryEvent.record!(event["metric"], event["delivery_id"], event["object_type"])
    head :ok
  end

  private

  def verify_customerio_signature
    signed = "v0:#{request.headers['X-CIO-Timestamp']}:#{request.raw_post}"
    expected = OpenSSL::HMAC.hexdigest("SHA256", ENV.fetch("CIO_WEBHOOK_SIGNING_KEY"), signed)
    head :unauthorized unless ActiveSupport::SecurityUtils.secure_compare(expected, request.headers["X-CIO-Signature"].to_s)
  end
end
