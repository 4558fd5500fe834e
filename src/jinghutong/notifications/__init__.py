"""In-app notifications and WeChat subscribe-message pushes where the person granted quota."""
