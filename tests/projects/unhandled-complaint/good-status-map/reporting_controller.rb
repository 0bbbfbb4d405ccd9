class ReportingController < ApplicationController
  before_action :verify_customerio_signature

  # ok: every metric, bounces included, is turned into a delivery state
  def create
    person = Person.find(params[:data][:identifiers][:id])
    person.update!(delivery_state: DELIVERY_STATE.fetch(params[:metric], :unknown), last_event: params[:event_id])
    head :ok
  end
end
