# A second hop: a service object that calls the wrapper.
class OnboardingService
  def initialize(user)
    @user = user
  end

  def call
    Tracking.identify_user(
      @user,
      email: @user.email,
      created_at: (Time.now.to_f * 1000).to_i, # expect: millisecond-timestamp
    )
    Tracking.track_event(@user.id, "signed_up", plan: @user.plan)
  end
end
