require "sinatra"

post "/signup" do
  user = User.create!(email: params[:email], plan: params[:plan])
  Messaging::SignupTracker.new.call(user, plan: params[:plan]) # expect: blocking-analytics
  mailer = WelcomeMailer.new(user) # expect: client-per-request
  mailer.deliver # expect: blocking-analytics
  SignupWorker.perform_async(user.id) # ok: runs in a job
  Tracking.delay.track(user: user, event: "signed_in") # ok: Sidekiq's delay runs it in a job
  Analytics.track(user_id: user.email, event: "Signed Up") # ok: Segment, not Customer.io
  APIClient.new.send_email(user.email) # ok: a project class named like the SDK's
  json id: user.id
end

get "/pages/:page" do
  Tracking.track(user: current_user, event: "viewed_#{params[:page]}") # expect: dynamic-event-name blocking-analytics
  Tracking.track(user: current_user, event: params[:event]) # expect: blocking-analytics
  erb :page
end

post "/reports" do
  ReportService.deliver(User.subscribed, params[:name]) # expect: blocking-analytics
  204
end
