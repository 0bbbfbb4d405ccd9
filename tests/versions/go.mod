module github.com/example/notify

go 1.21

require (
	github.com/customerio/go-customerio/v3 v3.8.0
	github.com/go-chi/chi/v5 v5.0.12
)

require github.com/google/uuid v1.6.0 // indirect
