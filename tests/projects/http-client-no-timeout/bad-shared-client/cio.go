package main

import (
	"os"

	"github.com/customerio/go-customerio/v3"
)

var appClient = customerio.NewAPIClient(os.Getenv("CIO_APP_KEY")) // expect: http-client-no-timeout
