# A memoised client: built once, then reused.
class CioClient
  def self.instance
    @instance ||= Customerio::Client.new(ENV["CIO_SITE_ID"], ENV["CIO_API_KEY"])
  end
end
