module Messaging
  class BaseTracker
    protected

    def send_event(user, name, **data)
      CIO.track(user.id, name, data)
    end
  end
end
