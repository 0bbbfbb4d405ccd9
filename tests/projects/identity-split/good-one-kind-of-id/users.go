package users

import (
	"os"

	customerio "github.com/customerio/go-customerio/v3"
)

var track = customerio.NewTrackClient(os.Getenv("CIO_SITE_ID"), os.Getenv("CIO_API_KEY"))

func Opened(email string) error {
	return track.Track(email, "app_opened", nil) // ok: e-mail ids only
}
