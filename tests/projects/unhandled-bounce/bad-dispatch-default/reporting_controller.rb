class ReportingController < ApplicationController
  before_action :verify_customerio_signature

  def create
    person = params[:data][:identifiers][:id]
    case params[:metric]
    when "opened", "clicked"
      Engagement.touch(person, params[:metric])
    when "unsubscribed"
      User.find(person).update!(newsletter: false)
    else # expect: unhandled-bounce, unhandled-complaint
      Rails.logger.info("ignoring #{params[:metric]}")
    end
    head :ok
  end
end
