module Metrics
  class EventTracker < BaseTracker
    def record(user, name)
      @client.track(user.email, name)
    end
  end
end
