class AccountsController < ApplicationController
  def create
    account = Account.create!(account_params)
    AccountCreatedJob.perform_later(account.id)
    render json: account, status: :created
  end

  def upgrade
    account = Account.find(params[:id])
    $customerio.delay.track(account.owner_id, "plan_upgraded", { plan: account.plan })
    head :ok
  end

  private

  def account_params
    params.require(:account).permit(:name, :plan)
  end
end
