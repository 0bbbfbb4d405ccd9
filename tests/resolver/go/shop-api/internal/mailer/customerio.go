package mailer

import (
	"os"

	customerio "github.com/customerio/go-customerio/v3"
)

func newClient() *customerio.CustomerIO {
	return customerio.NewTrackClient(os.Getenv("CIO_SITE_ID"), os.Getenv("CIO_API_KEY"))
}
