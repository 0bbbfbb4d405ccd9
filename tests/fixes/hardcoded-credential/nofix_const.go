package cio

import customerio "github.com/customerio/go-customerio/v3"

// A Go constant cannot hold os.Getenv(…): reported, not fixed.
const customerioAppAPIKey = "20436c6351668b25a74a2c289a639d3f"

var API = customerio.NewAPIClient(customerioAppAPIKey)
