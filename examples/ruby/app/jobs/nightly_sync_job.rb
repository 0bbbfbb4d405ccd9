class NightlySyncJob < ApplicationJob
  def perform
    User.find_each do |user|
      $customerio.identify(id: user.id, email: user.email, last_seen_at: (user.last_seen_at.to_f * 1000).to_i)
    end
  end
end
