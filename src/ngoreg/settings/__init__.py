"""The registry's own settings, kept in its database: the one place every worker of every host reads alike."""
