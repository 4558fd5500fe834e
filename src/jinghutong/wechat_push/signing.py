"""Verifying and opening what WeChat pushes (wechatpy's signature and crypto).

Plain mode: `signature` = sha1(sorted [token, timestamp, nonce]) — it does not cover the body,
so a plain push is accepted only while its timestamp is fresh, and only when no EncodingAESKey
is configured. Secure mode (`encrypt_type=aes`): `msg_signature` covers the encrypted body and
decrypting checks our appid. Bodies are JSON or XML, whichever the console was set to."""

from __future__ import annotations

import json
from typing import Any

import xmltodict
from wechatpy.crypto import WeChatCrypto
from wechatpy.exceptions import InvalidAppIdException, InvalidSignatureException
from wechatpy.utils import WeChatSigner

from jinghutong.core import clock, crypto
from jinghutong.core.config import Settings
from jinghutong.core.errors import BadRequest, Forbidden
from jinghutong.integrations.wechat.service import credentials

FRESH_SECONDS = 300


class PushSignatureInvalid(Forbidden):
    detail = "消息推送签名无效"


class PushMalformed(BadRequest):
    detail = "消息推送内容无法解析"


def _signed(*parts: str) -> str:
    """WeChat's push signature: sha1 over the sorted parts (wechatpy's signer)."""
    signer = WeChatSigner()
    signer.add_data(*parts)
    return str(signer.signature)


def _require_signature(expected: str, given: str) -> None:
    # Compared in constant time (wechatpy's own checks use `!=`, which tells an attacker how
    # many leading characters were right).
    if not crypto.same_secret(expected, given):
        raise PushSignatureInvalid()


def verify_signature(settings: Settings, signature: str, timestamp: str, nonce: str) -> None:
    token = settings.wechat.push_token.get_secret_value()
    _require_signature(_signed(token, timestamp, nonce), signature)


def require_fresh(timestamp: str) -> None:
    try:
        sent = int(timestamp)
    except ValueError as exc:
        raise PushSignatureInvalid() from exc
    if abs(clock.now().timestamp() - sent) > FRESH_SECONDS:
        raise PushSignatureInvalid("消息推送已过期")


def parse(body: str) -> dict[str, Any]:
    """A JSON or XML push body as a flat dict (XML's root element is <xml>)."""
    try:
        is_json = body.lstrip().startswith("{")
        data = json.loads(body) if is_json else xmltodict.parse(body)["xml"]
    except Exception as exc:  # any parse failure: a malformed push
        raise PushMalformed() from exc
    if not isinstance(data, dict):
        raise PushMalformed()
    return data


def open_secure(
    settings: Settings, body: str, msg_signature: str, timestamp: str, nonce: str
) -> dict[str, Any]:
    """Check msg_signature, decrypt (checking our appid), parse the plaintext."""
    aes_key = settings.wechat.push_aes_key.get_secret_value()
    if not aes_key:
        raise PushMalformed("未配置消息加密密钥，无法解密")
    envelope = parse(body)
    if "Encrypt" not in envelope:
        raise PushMalformed()
    token = settings.wechat.push_token.get_secret_value()
    if not isinstance(envelope["Encrypt"], str):
        raise PushMalformed()
    _require_signature(_signed(token, timestamp, nonce, envelope["Encrypt"]), msg_signature)
    cipher = WeChatCrypto(token, aes_key, credentials(settings)[0])
    try:
        plaintext = cipher.decrypt_message(envelope, msg_signature, timestamp, nonce)
    except (InvalidSignatureException, InvalidAppIdException) as exc:
        raise PushSignatureInvalid() from exc
    except Exception as exc:  # bad padding / base64: not from WeChat
        raise PushSignatureInvalid() from exc
    return parse(plaintext if isinstance(plaintext, str) else plaintext.decode("utf-8"))
