package customer

import (
	"os"

	"github.com/customerio/go-customerio"
)

func newClient() *customerio.CustomerIO {
	return customerio.NewTrackClient(os.Getenv("CIO_SITE_ID"), os.Getenv("CIO_API_KEY")) // expect: http-client-no-timeout
}
