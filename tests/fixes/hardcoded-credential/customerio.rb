require "customerio"

$customerio = Customerio::Client.new("f82ad78f695bd32f9d99", "1a621ef65edfe6d3b6ae")
