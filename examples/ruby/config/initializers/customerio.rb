require "customerio"

$customerio = Customerio::Client.new(
  ENV.fetch("CIO_SITE_ID", "f82ad78f695bd32f9d99"),
  ENV.fetch("CIO_TRACK_API_KEY"),
  region: Customerio::Regions::US
)

$customerio_api = Customerio::APIClient.new(ENV.fetch("CIO_APP_KEY"), region: Customerio::Regions::US)
