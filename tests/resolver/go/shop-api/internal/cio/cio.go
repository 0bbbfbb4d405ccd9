// Package cio builds the Customer.io client the rest of the service shares.
package cio

import (
	"os"

	customerio "github.com/customerio/go-customerio/v3"
)

// New builds a Track API client from the environment.
func New() *customerio.CustomerIO {
	return customerio.NewTrackClient(
		os.Getenv("CIO_SITE_ID"),
		os.Getenv("CIO_API_KEY"),
		customerio.WithRegion(customerio.RegionUS),
	)
}
