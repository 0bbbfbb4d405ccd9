class UpgradeJob < ApplicationJob
  queue_as :default

  def perform(user_id, plan)
    Tracking.track_event(user_id, "plan_upgraded", plan: plan)
  end
end
