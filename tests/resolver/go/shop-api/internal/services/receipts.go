package services

import (
	"context"
	"os"

	customerio "github.com/customerio/go-customerio/v3"
)

// Receipts sends order receipts through the App API.
type Receipts struct {
	api *customerio.APIClient
}

// NewReceipts builds its own App API client: every Receipts has a fresh one.
func NewReceipts() *Receipts {
	return &Receipts{api: customerio.NewAPIClient(os.Getenv("CIO_APP_API_KEY"))}
}

// Send e-mails the receipt of an order.
func (r *Receipts) Send(ctx context.Context, orderID, userID string) error {
	req := &customerio.SendEmailRequest{
		TransactionalMessageID: "order_receipt",
		Identifiers:            map[string]string{"id": userID},
		MessageData:            map[string]any{"order_id": orderID},
	}
	_, err := r.api.SendEmail(ctx, req)
	return err
}
