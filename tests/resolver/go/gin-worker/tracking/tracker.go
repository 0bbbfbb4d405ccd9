// Package tracking sends the worker's events to Customer.io.
package tracking

import customerio "github.com/customerio/go-customerio/v3"

// Tracker wraps the process's client. Its methods live in events.go.
type Tracker struct {
	cio    *customerio.CustomerIO
	source string
}

// NewTracker wraps c, tagging events with source.
func NewTracker(c *customerio.CustomerIO, source string) *Tracker {
	return &Tracker{cio: c, source: source}
}

// AuditTracker is a Tracker that also keeps an audit trail.
type AuditTracker struct {
	*Tracker
	trail []string
}
