"""The shared Customer.io client."""

from customerio import CustomerIO

cio = CustomerIO("f82ad78f695bd32f9d99", "1a621ef65edfe6d3b6ae")
