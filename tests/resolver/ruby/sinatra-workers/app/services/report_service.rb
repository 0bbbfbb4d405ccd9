class ReportService
  def self.deliver(users, report_name)
    users.each do |user|
      CustomerioNotifier.report_email(user, report_name) # expect: unthrottled-loop
    end
  end

  def self.deliver_paced(users, report_name)
    users.each do |user|
      CustomerioNotifier.report_email(user, report_name) # ok: paced by the sleep below
      sleep 0.1
    end
  end
end
