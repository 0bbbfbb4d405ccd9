# ok: each metric maps to a state the mailer reads
DELIVERY_STATE = {
  "delivered" => :ok,
  "bounced" => :invalid,
  "dropped" => :invalid,
  "spammed" => :complained,
}.freeze
