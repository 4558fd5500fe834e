"""安全隐患 register: report, notify (告知整改), report-rectified, accept, reject, close."""
