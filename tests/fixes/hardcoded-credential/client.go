package cio

import (
	"log"

	customerio "github.com/customerio/go-customerio/v3"
)

var Track = customerio.NewTrackClient("f82ad78f695bd32f9d99", "1a621ef65edfe6d3b6ae")

func init() {
	log.Println("customer.io client ready")
}
