"""skillmatch's interfaces: the HTTP service and the command line."""
