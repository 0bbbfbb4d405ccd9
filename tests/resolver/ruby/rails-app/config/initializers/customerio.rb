# One shared client for the process, and a factory that builds a new one per call.
$customerio = Customerio::Client.new(ENV.fetch("CIO_SITE_ID"), ENV.fetch("CIO_API_KEY"))

module Customerio
  def self.client
    Customerio::Client.new(ENV["CIO_SITE_ID"], ENV["CIO_API_KEY"], region: Customerio::Regions::US)
  end
end
