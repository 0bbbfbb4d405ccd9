module example.com/builder

go 1.16

require github.com/customerio/go-customerio v2.0.0+incompatible // indirect
