package tracking

import (
	"os"

	customerio "github.com/customerio/go-customerio/v3"
)

// Forget deletes a person. It builds a client of its own on every call.
func Forget(userID string) error {
	client := customerio.NewTrackClient(os.Getenv("CIO_SITE_ID"), os.Getenv("CIO_API_KEY")) // expect: http-client-no-timeout
	return client.Delete(userID)
}
