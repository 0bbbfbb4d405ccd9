module github.com/acme/shop

go 1.22

require (
	github.com/acme-forks/go-customerio/v3 v3.6.1
	github.com/customerio/go-customerio/v3 v3.8.0
	github.com/dukex/mixpanel v1.0.1
	github.com/segmentio/analytics-go/v3 v3.3.0
)
