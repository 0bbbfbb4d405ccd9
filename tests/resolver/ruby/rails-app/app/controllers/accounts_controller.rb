class AccountsController < ApplicationController
  def create
    user = User.create!(account_params)
    LifecycleService.new(user, "user_signup") # expect: client-per-request blocking-analytics
    redirect_to root_path
  end

  def update_email
    current_user.update!(email: params[:email])
    LifecycleService.new(current_user, :email_changed) # expect: client-per-request blocking-analytics mutable-customer-id
    head :ok
  end

  def donate
    donation = Donation.create!(user: current_user, amount: params[:amount])
    Crm::Track.new.send_event(current_user, "donated", amount: donation.amount) # expect: client-per-request blocking-analytics mutable-customer-id
    Metrics::EventTracker.new.record(current_user, "donated") # ok: Mixpanel, through the same shape
    head :created
  end
end
