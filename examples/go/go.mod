module github.com/acme/notify

go 1.22

require github.com/customerio/go-customerio/v3 v3.11.0
