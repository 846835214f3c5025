"""SMS backends: console, local memory, and the two providers' official SDKs against a stand-in on 127.0.0.1."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from portal import sms

PHONE = "13812345678"


class StandIn:
    """A local HTTP endpoint playing the provider: records what the SDK sent and answers like the provider."""

    def __init__(self, answer: dict, status: int = 200):
        self.requests: list[dict] = []
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's name
                length = int(self.headers.get("Content-Length") or 0)
                stand_in.requests.append(
                    {"path": self.path, "headers": dict(self.headers), "body": self.rfile.read(length).decode()}
                )
                payload = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def provider(settings):
    made = []

    def start(answer: dict, status: int = 200) -> StandIn:
        stand_in = StandIn(answer, status)
        made.append(stand_in)
        settings.SMS_ENDPOINT = stand_in.url
        settings.SMS_ACCESS_KEY_ID = "AKID-test-123"
        settings.SMS_ACCESS_KEY_SECRET = "secret-test-456"
        settings.SMS_SIGN_NAME = "红星社区"
        settings.SMS_TEMPLATES = {"code": "SMS_900001", "notice": "SMS_900002", "update": "SMS_900003"}
        settings.SMS_APP_ID = "1400000001"
        return stand_in

    yield start
    for stand_in in made:
        stand_in.close()


ALIYUN_OK = {"Code": "OK", "Message": "OK", "BizId": "900001^0", "RequestId": "F655A8D5"}


def test_alibaba_cloud_gets_number_sign_template_and_parameters_signed_with_the_key(provider, settings):
    settings.SMS_BACKEND = "portal.sms.AliyunBackend"
    stand_in = provider(ALIYUN_OK)
    assert sms.send(PHONE, "code", {"code": "123456"}) == "900001^0"
    (request,) = stand_in.requests
    sent = {k: v[0] for k, v in parse_qs(urlsplit(request["path"]).query).items()}
    headers = {k.lower(): v for k, v in request["headers"].items()}
    assert headers["x-acs-action"] == "SendSms" and headers["x-acs-version"] == "2017-05-25"
    assert sent["PhoneNumbers"] == PHONE and sent["SignName"] == "红星社区" and sent["TemplateCode"] == "SMS_900001"
    assert json.loads(sent["TemplateParam"]) == {"code": "123456"}
    assert headers["authorization"].startswith("ACS3-HMAC-SHA256 Credential=AKID-test-123,")
    assert "Signature=" in headers["authorization"]
    assert "secret-test-456" not in json.dumps(request)


def test_alibaba_cloud_refusal_is_an_error_the_outbox_retries(provider, settings):
    settings.SMS_BACKEND = "portal.sms.AliyunBackend"
    provider({"Code": "isv.BUSINESS_LIMIT_CONTROL", "Message": "触发流控", "RequestId": "x"})
    with pytest.raises(sms.SmsError, match="BUSINESS_LIMIT_CONTROL"):
        sms.send(PHONE, "code", {"code": "123456"})


TENCENT_OK = {
    "Response": {
        "SendStatusSet": [
            {
                "SerialNo": "5000:1045710669157053657849499619",
                "PhoneNumber": f"+86{PHONE}",
                "Fee": 1,
                "SessionContext": "",
                "Code": "Ok",
                "Message": "send success",
                "IsoCode": "CN",
            }
        ],
        "RequestId": "a0aabda6-cf91-4f3e-a81f-9198114a2279",
    }
}


def test_tencent_cloud_gets_app_sign_template_and_ordered_parameters_signed_tc3(provider, settings):
    settings.SMS_BACKEND = "portal.sms.TencentBackend"
    stand_in = provider(TENCENT_OK)
    link = "https://portal.example.org/services/track/?t=abc"
    assert sms.send(PHONE, "update", {"ref": "HX202610080001", "status": "已受理", "link": link}).startswith("5000:")
    (request,) = stand_in.requests
    headers = {k.lower(): v for k, v in request["headers"].items()}
    assert headers["x-tc-action"] == "SendSms" and headers["x-tc-version"] == "2021-01-11"
    assert headers["authorization"].startswith("TC3-HMAC-SHA256 Credential=AKID-test-123/")
    body = json.loads(request["body"])
    assert body["PhoneNumberSet"] == [f"+86{PHONE}"] and body["SmsSdkAppId"] == "1400000001"
    assert body["SignName"] == "红星社区" and body["TemplateId"] == "SMS_900003"
    assert body["TemplateParamSet"] == ["HX202610080001", "已受理", link]
    assert "secret-test-456" not in json.dumps(request)


def test_tencent_cloud_refusal_is_an_error_the_outbox_retries(provider, settings):
    settings.SMS_BACKEND = "portal.sms.TencentBackend"
    refused = {"Response": {"SendStatusSet": [{"Code": "LimitExceeded.PhoneNumberDailyLimit", "Message": "limit"}]}}
    provider(refused)
    with pytest.raises(sms.SmsError, match="DailyLimit"):
        sms.send(PHONE, "code", {"code": "123456"})


def test_an_unreachable_provider_is_an_error_too(settings):
    settings.SMS_BACKEND = "portal.sms.TencentBackend"
    settings.SMS_ENDPOINT = "http://127.0.0.1:9"  # discard port: nothing listens
    with pytest.raises(sms.SmsError):
        sms.send(PHONE, "code", {"code": "123456"})


def test_the_console_backend_prints_the_message(settings, capsys):
    settings.SMS_BACKEND = "portal.sms.ConsoleBackend"
    settings.SMS_SIGN_NAME = "红星社区"
    sms.send(PHONE, "code", {"code": "654321"})
    assert f"[SMS to {PHONE}] 【红星社区】您的验证码为654321" in capsys.readouterr().out


def test_tests_use_the_local_memory_backend():
    sms.send(PHONE, "notice", {"text": "你好"})
    assert [(m.phone, m.text) for m in sms.outbox] == [(PHONE, "【共建社区】你好")]
