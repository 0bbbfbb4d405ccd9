module Metrics
  class BaseTracker
    def initialize
      @client = Mixpanel::Tracker.new(ENV["MIXPANEL_TOKEN"])
    end
  end
end
