"""Staff review of content WeChat flagged (issue 4 item 2): the officers' queue of cases under
review (`GET /cases?scope=review`) and their decision (`POST /cases/{id}/review`)."""
