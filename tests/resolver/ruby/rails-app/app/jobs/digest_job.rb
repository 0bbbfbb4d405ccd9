class DigestJob < ApplicationJob
  def perform(user_ids)
    User.where(id: user_ids).find_each do |user|
      Tracking.track_event(user.id, "digest_sent", sent_at: Time.now.to_i) # expect: unthrottled-loop
    end
  end
end
