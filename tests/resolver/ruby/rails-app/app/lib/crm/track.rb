module Crm
  class Track < Base
    def send_event(user, name, data)
      @client.track(user.email, name, data)
    end
  end
end
