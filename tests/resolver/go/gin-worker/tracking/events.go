package tracking

// User is a row of the users table.
type User struct {
	ID    string
	Email string
}

// Signup identifies a new person.
func (t *Tracker) Signup(userID string, attrs map[string]any) error {
	return t.cio.Identify(userID, attrs)
}

// Event records an event for a person.
func (t *Tracker) Event(userID, name string) error {
	return t.cio.Track(userID, name, map[string]any{"source": t.source})
}

// Backfill identifies every user, one request after another.
func (t *Tracker) Backfill(users []User) {
	for _, u := range users {
		if err := t.Signup(u.ID, map[string]any{"email": u.Email}); err != nil { // expect: unthrottled-loop
			continue
		}
	}
}
