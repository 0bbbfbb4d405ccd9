class NightlySyncJob < ApplicationJob
  def perform
    User.find_each do |user|
      $customerio.identify(id: user.id, email: user.email, last_seen_at: user.last_seen_at.to_i)
      sleep 0.02 # stay under the Track API rate limit
    end
  end
end
