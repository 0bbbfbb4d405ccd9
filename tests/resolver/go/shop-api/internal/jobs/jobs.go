// Package jobs runs the shop's background work.
package jobs

import (
	"log"
	"time"

	"github.com/acme/shop/internal/analytics"
	"github.com/acme/shop/internal/audit"
	"github.com/acme/shop/internal/services"
)

// Account is a row of the legacy accounts table.
type Account struct {
	ID        string
	Email     string
	CreatedAt time.Time
}

// Digest sends the weekly digest events.
type Digest struct {
	notifier *services.Notifier
}

// NewDigest returns a Digest that reports through notifier.
func NewDigest(notifier *services.Notifier) *Digest {
	return &Digest{notifier: notifier}
}

// Run records a digest for every user.
func (d *Digest) Run(users []services.User) {
	for _, u := range users {
		if err := analytics.TrackEvent(u.ID, "digest_sent", nil); err != nil { // expect: unthrottled-loop
			log.Printf("digest %s: %v", u.ID, err)
		}
	}
}

// Replay re-sends past orders at a steady pace.
func (d *Digest) Replay(orders []services.User) {
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for _, o := range orders {
		<-tick.C
		if err := d.notifier.OrderPlaced(o.ID, 0); err != nil { // ok: paced by a ticker
			log.Printf("replay %s: %v", o.ID, err)
		}
	}
}

// ImportAccount copies one legacy account into Customer.io.
func ImportAccount(a Account) error {
	return analytics.Identify(a.ID, map[string]any{
		"email":      a.Email,
		"created_at": a.CreatedAt.UnixMilli(), // expect: millisecond-timestamp
	})
}

// Purge records the purge of every stale account.
func Purge(ids []string) {
	for _, id := range ids {
		if err := audit.Record(id, "account_purged"); err != nil { // expect: unthrottled-loop
			log.Printf("purge %s: %v", id, err)
		}
	}
}
