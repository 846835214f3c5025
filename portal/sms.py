"""Text messages through a configurable backend, chosen by SMS_BACKEND as Django chooses EMAIL_BACKEND.

- `ConsoleBackend` (development default) prints each message;
- `LocmemBackend` (tests) keeps them in `portal.sms.outbox`;
- `AliyunBackend` and `TencentBackend` send through Alibaba Cloud SMS and Tencent Cloud SMS on their
  official SDKs. Both send a sign name and a template code from settings; the provider must have
  approved both (and the domain of any link, which must be ICP-filed) before the first message.

Code never calls a backend from a web request: messages go through the outbox (portal/outbox.py).
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.module_loading import import_string

# What each template says, for the console and the tests; the provider keeps its own approved copy.
TEXTS = {
    "code": "【{sign}】您的验证码为{code}，10分钟内有效，请勿告诉他人。",
    "notice": "【{sign}】{text}",
    "update": "【{sign}】您的诉求{ref}有新进展：{status}。详情：{link}",
}
# Tencent Cloud templates take positional parameters ({1}, {2} …): their order per template.
PARAM_ORDER = {"code": ["code"], "notice": ["text"], "update": ["ref", "status", "link"]}


class SmsError(Exception):
    """The provider refused or could not be reached; the outbox retries."""


@dataclass
class Message:
    phone: str
    template: str  # our name: "code", "notice", "update"
    params: dict = field(default_factory=dict)

    @property
    def text(self) -> str:
        return TEXTS[self.template].format(sign=settings.SMS_SIGN_NAME, **self.params)

    @property
    def template_code(self) -> str:
        return settings.SMS_TEMPLATES[self.template]


class BaseBackend:
    def send(self, message: Message) -> str:
        """Send one message; return the provider's message id, raise SmsError on failure."""
        raise NotImplementedError


class ConsoleBackend(BaseBackend):
    """Development: the message is printed where `make run` shows its log."""

    def send(self, message: Message) -> str:
        sys.stdout.write(f"[SMS to {message.phone}] {message.text}\n")
        sys.stdout.flush()
        return "console"


outbox: list[Message] = []


class LocmemBackend(BaseBackend):
    """Tests: messages are kept in `portal.sms.outbox`."""

    def send(self, message: Message) -> str:
        outbox.append(message)
        return f"locmem-{len(outbox)}"


def _endpoint(default_host: str) -> tuple[str, str]:
    """(host[:port], scheme) from SMS_ENDPOINT, e.g. "http://127.0.0.1:9000" in tests."""
    configured = settings.SMS_ENDPOINT
    if not configured:
        return default_host, "https"
    parts = urlsplit(configured if "://" in configured else f"https://{configured}")
    return parts.netloc, parts.scheme


class AliyunBackend(BaseBackend):
    """Alibaba Cloud SMS (dysmsapi 2017-05-25) through its official SDK."""

    def client(self):
        from alibabacloud_dysmsapi20170525.client import Client
        from alibabacloud_tea_openapi.models import Config

        host, scheme = _endpoint("dysmsapi.aliyuncs.com")
        config = Config(
            access_key_id=settings.SMS_ACCESS_KEY_ID,
            access_key_secret=settings.SMS_ACCESS_KEY_SECRET,
            endpoint=host,
            protocol=scheme,
            read_timeout=10000,
            connect_timeout=5000,
        )
        return Client(config)

    def send(self, message: Message) -> str:
        from alibabacloud_dysmsapi20170525.models import SendSmsRequest

        request = SendSmsRequest(
            phone_numbers=message.phone,
            sign_name=settings.SMS_SIGN_NAME,
            template_code=message.template_code,
            template_param=json.dumps(message.params, ensure_ascii=False),
        )
        try:
            response = self.client().send_sms(request)
        except Exception as exc:  # noqa: BLE001 - the SDK raises its own and the network's errors
            raise SmsError(f"aliyun: {exc}") from exc
        body = response.body
        if body.code != "OK":
            raise SmsError(f"aliyun: {body.code} {body.message}")
        return body.biz_id or ""


class TencentBackend(BaseBackend):
    """Tencent Cloud SMS (2021-01-11) through its official SDK."""

    def client(self):
        from tencentcloud.common import credential
        from tencentcloud.common.profile.client_profile import ClientProfile
        from tencentcloud.common.profile.http_profile import HttpProfile
        from tencentcloud.sms.v20210111 import sms_client

        host, scheme = _endpoint("sms.tencentcloudapi.com")
        profile = ClientProfile(httpProfile=HttpProfile(protocol=scheme, endpoint=host, reqTimeout=10))
        cred = credential.Credential(settings.SMS_ACCESS_KEY_ID, settings.SMS_ACCESS_KEY_SECRET)
        return sms_client.SmsClient(cred, settings.SMS_REGION, profile)

    def send(self, message: Message) -> str:
        from tencentcloud.sms.v20210111 import models

        request = models.SendSmsRequest()
        request.PhoneNumberSet = [f"+86{message.phone}"]
        request.SmsSdkAppId = settings.SMS_APP_ID
        request.SignName = settings.SMS_SIGN_NAME
        request.TemplateId = message.template_code
        request.TemplateParamSet = [str(message.params[name]) for name in PARAM_ORDER[message.template]]
        try:
            response = self.client().SendSms(request)
        except Exception as exc:  # noqa: BLE001 - TencentCloudSDKException and network errors alike
            raise SmsError(f"tencent: {exc}") from exc
        status = (response.SendStatusSet or [None])[0]
        if status is None or status.Code != "Ok":
            raise SmsError(f"tencent: {getattr(status, 'Code', '?')} {getattr(status, 'Message', '')}")
        return status.SerialNo or ""


def get_backend() -> BaseBackend:
    return import_string(settings.SMS_BACKEND)()


def send(phone: str, template: str, params: dict) -> str:
    """Send now (the outbox calls this; nothing else should)."""
    return get_backend().send(Message(phone, template, params))
