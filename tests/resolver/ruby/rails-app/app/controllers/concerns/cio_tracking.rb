# Helpers the controllers call bare, without parentheses.
module CioTracking
  extend ActiveSupport::Concern

  private

  def add_cio
    $customerio.identify(id: current_user.id, email: current_user.email)
  end

  def track_cio(name, data = {})
    $customerio.track(current_user.id, name, data)
  end
end
