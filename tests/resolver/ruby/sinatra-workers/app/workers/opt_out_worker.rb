class OptOutWorker
  include Sidekiq::Worker

  def perform(addresses)
    addresses.each do |mail|
      notify_opt_out(mail) # expect: unthrottled-loop
    end
  end

  private

  def notify_opt_out(mail)
    user = User.find_by(email: mail)
    CustomerioNotifier.report_email(user, "opt_out")
  end
end
