"""Staff review of content WeChat flagged (issue 4 item 2): the reviewers' queue of cases under
review (`GET /cases?scope=review`) and their decision (`POST /cases/{id}/review`). Reviewers:
officers over the case and the 村警 of its village (cases/auth.py)."""
