Rails.application.config.to_prepare do
  $customerio = Customerio::Client.new(
    ENV.fetch("CIO_SITE_ID"),
    ENV.fetch("CIO_TRACK_API_KEY"),
    region: Customerio::Regions::EU
  )
end
