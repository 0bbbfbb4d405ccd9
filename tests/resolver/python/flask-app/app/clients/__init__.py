from .cio import track_client

__all__ = ["track_client"]
