# Class methods defined under `class << self`.
class CustomerioNotifier
  class << self
    def report_email(user, report_name)
      CIO.identify(id: user.id, email: user.email)
      CIO.track(user.id, "report_ready", report: report_name)
    end
  end
end
