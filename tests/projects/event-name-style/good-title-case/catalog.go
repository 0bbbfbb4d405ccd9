package catalog

import analytics "github.com/customerio/cdp-analytics-go"

var cdp analytics.Client

func Viewed(id string) {
	_ = cdp.Enqueue(analytics.Track{UserId: id, Event: "Product Viewed"}) // ok: Title Case
}

func Searched(id string) {
	_ = cdp.Enqueue(analytics.Track{UserId: id, Event: "Products Searched"}) // ok: Title Case
}
