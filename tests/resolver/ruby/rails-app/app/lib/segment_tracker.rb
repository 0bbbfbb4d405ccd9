# Segment and Mixpanel behind the same shapes as the Customer.io wrappers.
class SegmentTracker
  def self.track(user, event)
    Analytics.track(user_id: user.email, event: event)
  end
end

class MixpanelTracker
  def initialize
    @tracker = Mixpanel::Tracker.new(ENV["MIXPANEL_TOKEN"])
  end

  def track(user, event)
    @tracker.track(user.email, event)
  end
end
