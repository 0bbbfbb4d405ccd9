class SignupsController < ApplicationController
  include CioTracking

  def create
    user = User.create!(signup_params)
    OnboardingService.new(user).call # expect: blocking-analytics
    SegmentTracker.track(user, "Signed Up") # ok: Segment, not Customer.io
    MixpanelTracker.new.track(user, "Signed Up") # ok: Mixpanel, not Customer.io
    TrackClient.new("signup").track(user.email, "Signed Up") # ok: a project class
    Notifier.new(user).welcome(plan: user.plan) # expect: client-per-request blocking-analytics
    redirect_to root_path
  end

  def upgrade
    add_cio # expect: blocking-analytics
    track_cio "plan_upgraded", plan: params[:plan] # expect: blocking-analytics
    respond_to do |format|
      format.html { redirect_to account_path }
      format.json { render json: { ok: true } }
    end
  end

  def click
    UpgradeJob.perform_later(current_user.id, params[:plan]) # ok: runs in a job
    track_cio("clicked_#{params[:button]}") # expect: dynamic-event-name blocking-analytics
    head :no_content
  end

  def invite
    params[:emails].each do |email|
      Tracking.track_event(email, "invited") # expect: mutable-customer-id unthrottled-loop blocking-analytics
    end
    head :accepted
  end

  def ping
    Customerio.client.identify(id: current_user.id, email: current_user.email) # expect: client-per-request blocking-analytics
    CioClient.instance.track(current_user.id, "pinged") # expect: blocking-analytics
    head :ok
  end

  private

  def signup_params
    params.require(:user).permit(:email, :plan)
  end
end
