package cio

import (
	"os"

	"github.com/customerio/go-customerio/v3"
)

// ok: EU, like the rest
var Track = customerio.NewTrackClient(os.Getenv("CIO_SITE_ID"), os.Getenv("CIO_API_KEY"), customerio.WithRegion(customerio.RegionEU))
