class AccountsController < ApplicationController
  def create
    account = Account.create!(account_params)
    $customerio.identify(id: account.owner.email, created_at: account.created_at, plan: account.plan)
    $customerio.track(account.owner.email, "Account Created", {}, timestamp: Time.now)
    render json: account, status: :created
  end

  def upgrade
    account = Account.find(params[:id])
    $customerio.track(account.owner_id, "upgraded_to_#{account.plan}")
    head :ok
  end

  private

  def account_params
    params.require(:account).permit(:name, :plan)
  end
end
