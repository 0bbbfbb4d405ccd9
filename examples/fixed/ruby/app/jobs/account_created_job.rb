class AccountCreatedJob < ApplicationJob
  def perform(account_id)
    account = Account.find(account_id)
    owner = account.owner
    $customerio.identify(id: owner.id, email: owner.email, created_at: account.created_at.to_i, plan: account.plan)
    $customerio.track(owner.id, "account_created", {}, timestamp: Time.now.to_i)
  end
end
