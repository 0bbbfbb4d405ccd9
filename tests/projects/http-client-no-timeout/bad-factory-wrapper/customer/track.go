package customer

func LogContactQuery(id string, message string) error {
	return newClient().Track(id, "sent_contact_us_query", map[string]interface{}{"message": message})
}
