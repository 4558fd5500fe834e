"""考评: the 村警's monthly sheet from the records, confirmation, appeals, xlsx; the duty roster."""
