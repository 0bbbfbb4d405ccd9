package notify

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os"
)

// A hand-written send to the US host of the App API, while both SDK clients are EU.
func SendPasswordReset(email string, link string) error {
	body, _ := json.Marshal(map[string]interface{}{
		"transactional_message_id": "password_reset",
		"to":                       email,
		"identifiers":              map[string]string{"email": email},
		"message_data":             map[string]string{"link": link},
	})
	req, err := http.NewRequest("POST", "https://api.customer.io/v1/send/email", bytes.NewReader(body)) // expect: region-inconsistent
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+os.Getenv("CIO_APP_KEY"))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}
