package main

import (
	"os"

	"github.com/customerio/go-customerio/v3"
)

func newClient(opts ...customerio.Option) *customerio.CustomerIO {
	// ok: the options come from the caller
	return customerio.NewTrackClient(os.Getenv("CIO_SITE_ID"), os.Getenv("CIO_API_KEY"), opts...)
}

func main() {
	_ = newClient()
}
