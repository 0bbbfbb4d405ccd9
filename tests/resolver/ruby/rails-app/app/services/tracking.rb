# The project's wrapper around the shared client.
module Tracking
  def self.identify_user(user, attributes = {})
    $customerio.identify(id: user.id, **attributes)
  end

  def self.track_event(user_id, name, data = {})
    $customerio.track(user_id, name, data)
  end
end
