module github.com/acme/worker

go 1.22

require (
	github.com/customerio/go-customerio/v3 v3.8.0
	github.com/gin-gonic/gin v1.10.0
	github.com/mrz1836/go-customerio v1.3.0
	golang.org/x/sync v0.7.0
)
