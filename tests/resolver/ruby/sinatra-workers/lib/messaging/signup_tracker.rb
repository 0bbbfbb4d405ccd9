module Messaging
  # Calls its base class's helper bare.
  class SignupTracker < BaseTracker
    def call(user, plan:)
      send_event(
        user,
        "signed_up",
        plan: plan,
        signed_up_at: Time.now.to_i * 1000, # expect: millisecond-timestamp
      )
    end
  end
end
