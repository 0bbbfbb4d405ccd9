package billing

import customerio "github.com/customerio/go-customerio/v3"

var track *customerio.CustomerIO

func Refunded(id string) {
	_ = track.Track(id, "Order refunded", nil)
}

func Disputed(id string) {
	_ = track.Track(id, "chargebackOpened", nil) // expect: event-name-style
}
