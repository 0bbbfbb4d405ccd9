class SignupWorker
  include Sidekiq::Worker

  def perform(user_id)
    user = User.find(user_id)
    Tracking.track(user: user, event: "signup_completed")
  end
end
