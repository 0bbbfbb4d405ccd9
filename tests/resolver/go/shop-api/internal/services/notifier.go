package services

import customerio "github.com/customerio/go-customerio/v3"

// Notifier sends lifecycle events with the client it is given at startup.
type Notifier struct {
	cio *customerio.CustomerIO
}

// NewNotifier wraps the process's shared client.
func NewNotifier(c *customerio.CustomerIO) *Notifier {
	return &Notifier{cio: c}
}

// Welcome records that the welcome e-mail went out.
func (n *Notifier) Welcome(userID string) error {
	return n.cio.Track(userID, "welcome_sent", nil)
}

// OrderPlaced records an order.
func (n *Notifier) OrderPlaced(userID string, total float64) error {
	return n.cio.Track(userID, "order_placed", map[string]any{"total": total})
}
