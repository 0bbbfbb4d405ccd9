# ok: the Rails shop's own workspace is in the US, chosen on purpose
$customerio = Customerio::Client.new(ENV["CIO_SITE_ID"], ENV["CIO_API_KEY"], region: Customerio::Regions::US)
