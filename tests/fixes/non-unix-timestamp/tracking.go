package tracking

import (
	"time"

	customerio "github.com/customerio/go-customerio/v3"
)

var track *customerio.CustomerIO

func Renew(id string, renewedAt time.Time) error {
	if err := track.Identify(id, map[string]any{"created_at": time.Now()}); err != nil {
		return err
	}
	return track.Identify(id, map[string]any{"renewed_at": renewedAt.Format(time.RFC3339)})
}
