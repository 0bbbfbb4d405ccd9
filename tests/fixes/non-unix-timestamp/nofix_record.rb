$customerio = Customerio::Client.new(ENV.fetch("CIO_SITE_ID"), ENV.fetch("CIO_API_KEY"))

class ExportJob
  # A record's field may be a Time, a Date or a string: no one conversion fits all.
  def perform(user)
    $customerio.identify(id: user.id, exported_at: user.exported_at.iso8601)
  end
end
