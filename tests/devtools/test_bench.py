from devtools.bench import PAGES
from devtools.management.commands.bench import parse_wrk

WRK_OUTPUT = """Running 3s test @ http://127.0.0.1:8765/
  2 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    12.47ms    5.10ms  60.20ms   80.00%
  Latency Distribution
     50%   11.93ms
     75%   14.20ms
     90%   18.00ms
     99%  850.00us
  1944 requests in 3.00s, 9.5MB read
  Non-2xx or 3xx responses: 7
Requests/sec:    647.90
Transfer/sec:      3.17MB
"""


def test_wrk_output_is_parsed_with_units():
    rps, p50, p99, errors = parse_wrk(WRK_OUTPUT)
    assert rps == 647.9 and p50 == 11.93 and p99 == 0.85 and errors == 7


def test_the_floor_is_measured_first():
    assert PAGES[0].name == "floor"


def test_the_floor_view_is_trivial(client):
    response = client.get("/bench-floor")
    assert response.status_code == 200 and response.content == b"ok"


def test_a_form_page_is_posted_with_a_token_matching_its_cookie():
    import re
    from pathlib import Path

    from devtools.management.commands.bench import Command

    script = Path(Command().page_script({"ref": "HX202611010001", "digits": "1234"}, "sessionid=abc"))
    text = script.read_text()
    script.unlink()
    token = re.search(r"csrfmiddlewaretoken=(\w+)", text).group(1)
    assert 'wrk.method = "POST"' in text and f"csrftoken={token}; sessionid=abc" in text
    assert "ref=HX202611010001" in text and "NON200" in text


def test_a_plain_page_is_a_get_with_its_session_cookie():
    from pathlib import Path

    from devtools.management.commands.bench import Command

    script = Path(Command().page_script(None, "sessionid=abc"))
    text = script.read_text()
    script.unlink()
    assert 'wrk.method = "GET"' in text and '"sessionid=abc"' in text
