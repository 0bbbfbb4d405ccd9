package billing

import customerio "github.com/customerio/go-customerio/v3"

// Another project (its own go.mod), consistently snake_case: never compared with storefront.
var track *customerio.CustomerIO

func Paid(id string) {
	_ = track.Track(id, "invoice_paid", nil) // ok: snake_case in this project
}

func Renewed(id string) {
	_ = track.Track(id, "subscription_renewed", nil) // ok: snake_case in this project
}

func Failed(id string) {
	_ = track.Track(id, "payment_failed", nil) // ok: snake_case in this project
}
