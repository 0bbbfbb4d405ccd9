# ok: explicit US and defaulted US agree
$cio_api = Customerio::APIClient.new(ENV["CIO_APP_KEY"], region: Customerio::Regions::US)
