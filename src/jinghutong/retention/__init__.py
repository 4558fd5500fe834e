"""Data retention: what the station no longer needs goes, what it must keep stays.

Goes (settings.retention, each 0 to keep for ever): the photos and voice of cases closed and
of 所长信箱 letters closed or answered long ago (the file is deleted; the row stays, marked
purged, so the record still lists it as 已过保存期限, and an audit row says when and why);
finished and failed work-engine rows; old in-app notifications. Already swept by their own
jobs: idempotency keys (a day), dead sessions (a week), uploads nothing attached (a day).

Stays, whatever is set: the records (cases, letters, governance records, households), their
trails (case, petition and governance events with their hash chains, 全程留痕), the audit
log, the points ledger, the bulletins' delivery rows (the proof a warning reached a household,
and the key that stops a second message), the 警情 statistics. HTTP access logs are not kept
by the program: they go to stdout, and the journal or container runtime rotates them."""
