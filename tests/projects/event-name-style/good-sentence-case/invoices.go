package billing

import customerio "github.com/customerio/go-customerio/v3"

var track *customerio.CustomerIO

func Paid(id string) {
	_ = track.Track(id, "Invoice paid", nil) // ok: Sentence case
}
