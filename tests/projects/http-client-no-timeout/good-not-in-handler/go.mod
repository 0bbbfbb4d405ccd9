module example.com/notify

go 1.21

require github.com/customerio/go-customerio/v3 v3.8.0
