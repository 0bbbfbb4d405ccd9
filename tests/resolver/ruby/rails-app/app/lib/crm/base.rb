module Crm
  # Every CRM class gets its client from here.
  class Base
    def initialize
      @client = Customerio::Client.new(ENV["CIO_SITE_ID"], ENV["CIO_API_KEY"])
    end
  end
end
