package metrics

import "log"

// CustomerIO counts customer I/O for the ops dashboard. It is not the SDK's client.
type CustomerIO struct {
	prefix string
}

// NewCustomerIO returns a counter that logs under prefix.
func NewCustomerIO(prefix string) *CustomerIO {
	return &CustomerIO{prefix: prefix}
}

// Track logs one operation.
func (c *CustomerIO) Track(id, name string) error {
	log.Printf("%s %s %s", c.prefix, id, name)
	return nil
}

// Identify logs one lookup.
func (c *CustomerIO) Identify(id string, attrs map[string]any) error {
	log.Printf("%s %s %v", c.prefix, id, attrs)
	return nil
}
