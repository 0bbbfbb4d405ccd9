package worker

import customerio "github.com/customerio/go-customerio/v3"

var track *customerio.CustomerIO

func Backfill(id string) error {
	return track.Track(id, "user-signed-up", nil)
}
