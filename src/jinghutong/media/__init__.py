"""Photos and voice clips: upload, inspection, storage, expiring links, and claiming by a case.

The API other domains use (cases, petitions) is in `media.api`."""
