// Package cio holds the service's Customer.io client.
package cio

import (
	"os"

	customerio "github.com/customerio/go-customerio/v3"
)

// Client is shared by every handler.
var Client = customerio.NewTrackClient(os.Getenv("CIO_SITE_ID"), os.Getenv("CIO_APP_KEY"))
