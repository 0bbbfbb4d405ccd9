package mailer

// RecordLogin records a login. It builds a client from the package's factory on every call.
func RecordLogin(userID string) error {
	client := newClient() // expect: client-per-request
	return client.Track(userID, "logged_in", nil)
}
