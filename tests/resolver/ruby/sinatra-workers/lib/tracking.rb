# A wrapper with keyword parameters.
module Tracking
  def self.track(user:, event:, data: {})
    CIO.track(user.id, event, data)
  end
end
