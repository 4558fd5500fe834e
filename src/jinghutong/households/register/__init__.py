"""The household register (户籍登记): list, search, create and edit households within scope."""
