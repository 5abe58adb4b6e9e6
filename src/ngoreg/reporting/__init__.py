"""Research statistics and rule checks over the registry."""
