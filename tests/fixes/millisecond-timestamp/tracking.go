package tracking

import (
	"time"

	customerio "github.com/customerio/go-customerio/v3"
)

var track *customerio.CustomerIO

func Signup(id string) error {
	if err := track.Identify(id, map[string]interface{}{"created_at": time.Now().UnixMilli()}); err != nil {
		return err
	}
	return track.Identify(id, map[string]any{"trial_ends_at": time.Now().Add(14 * 24 * time.Hour).UnixNano() / int64(time.Millisecond)})
}
