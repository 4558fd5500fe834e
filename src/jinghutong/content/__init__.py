"""Content checks through WeChat: text (msgSecCheck v2, synchronous) and media
(mediaCheckAsync, verdict pushed to /wechat/push). Other domains use `content.api`."""
