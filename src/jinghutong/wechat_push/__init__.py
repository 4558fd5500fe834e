"""WeChat message push (消息推送): `/wechat/push`, outside /api/v1 (the console's URL)."""
