module example.com/tracking

go 1.22
