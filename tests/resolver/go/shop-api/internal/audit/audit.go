package audit

// Record records one change to an account.
func Record(userID, action string) error {
	return client.Track(userID, action, nil)
}
