package tracking

import (
	"os"
	"strconv"

	analytics "github.com/customerio/cdp-analytics-go"
	customerio "github.com/customerio/go-customerio/v3"
)

var pipelines = analytics.New(os.Getenv("CIO_WRITE_KEY"))
var track = customerio.NewTrackClient(os.Getenv("CIO_SITE_ID"), os.Getenv("CIO_API_KEY"))

type User struct {
	ID    int
	Name  string
	Email string
}

func Identify(u User) error {
	return pipelines.Enqueue(analytics.Identify{
		UserId: strconv.Itoa(u.ID),
		Traits: analytics.NewTraits().SetName(u.Name),
	})
}

func Invoice(u User, total float64) error {
	return track.Track(u.Email, "invoice_sent", map[string]interface{}{"total": total}) // expect: identity-split
}

func Seen(u User) error {
	return pipelines.Enqueue(analytics.Track{UserId: strconv.Itoa(u.ID), Event: "seen"}) // ok: keyed by the uid
}
