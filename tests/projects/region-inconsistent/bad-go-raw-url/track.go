package notify

import (
	"os"

	"github.com/customerio/go-customerio/v3"
)

var track = customerio.NewTrackClient(os.Getenv("CIO_SITE_ID"), os.Getenv("CIO_API_KEY"), customerio.WithRegion(customerio.RegionEU))

var api = customerio.NewAPIClient(os.Getenv("CIO_APP_KEY"), customerio.WithRegion(customerio.RegionEU))

func Identify(id string, email string) error {
	return track.Identify(id, map[string]interface{}{"email": email})
}
