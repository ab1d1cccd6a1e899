#!/usr/bin/env python3
"""Writes the seed files of Tests/OAuthTests/Corpus/<target>/ from the provider folders'
recordings and provider definitions (seed files, named PROVIDER-RECORDING), plus the
hand-written hostile cases below (hostile-*).

Run from the repository root: python3 Tests/Fuzz/seed_corpus.py
The regression-* files (the fuzzer's findings) and the READMEs are kept; seeds and hostile
cases are rewritten.
"""
import base64, glob, json, os, re

ROOT = os.getcwd()
CORPUS = os.path.join(ROOT, "Tests/OAuthTests/Corpus")
PER_TARGET = 40


def slug(text):
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60]


def write(target, name, data):
    folder = os.path.join(CORPUS, target)
    os.makedirs(folder, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)


def recordings():
    for path in sorted(glob.glob(os.path.join(ROOT, "Providers/*/Recordings/*.json"))):
        folder = os.path.dirname(os.path.dirname(path))
        with open(os.path.join(folder, "provider.json")) as f:
            provider = json.load(f)["name"]
        with open(path, "rb") as f:
            raw = f.read()
        yield provider, os.path.basename(path)[:-5], json.loads(raw), raw


def body_of(response):
    if "bodyBase64" in response:
        return base64.b64decode(response["bodyBase64"])
    return response.get("body", "").encode()


def spread(items, limit):
    """At most `limit` items, at most one per provider first, then the rest in order."""
    chosen, seen = [], set()
    for item in items:
        if item[0] not in seen:
            seen.add(item[0])
            chosen.append(item)
    for item in items:
        if len(chosen) >= limit:
            break
        if item not in chosen:
            chosen.append(item)
    return chosen[:limit]


GENERATED = ["json", "token-response", "form", "callback", "oauth1", "raw-http", "sandbox-request", "recording", "provider-json", "token-file"]


def main():
    for target in GENERATED:
        folder = os.path.join(CORPUS, target)
        for name in os.listdir(folder) if os.path.isdir(folder) else []:
            if not name.startswith(("hostile-", "regression-", "README")):
                os.remove(os.path.join(folder, name))
    all_recordings = list(recordings())
    responses = [(p, n, r) for p, n, r, _ in all_recordings if "response" in r]

    for provider, name, rec in spread(responses, PER_TARGET):
        response = rec["response"]
        headers = response.get("headers", {})
        content_type = next((v for k, v in headers.items() if k.lower() == "content-type"), None)
        extra = next((f"{k}: {v}" for k, v in headers.items() if k.lower() != "content-type"), "")
        status_line = f"{response.get('status', 200)}" + (f" {content_type}" if content_type is not None else "")
        write("token-response", f"{provider}-{name}.txt", f"{provider}\n{status_line}\n{extra}\n".encode() + body_of(response))

        lines = [f"HTTP/1.1 {response.get('status', 200)} OK"] + [f"{k}: {v}" for k, v in headers.items()]
        write("raw-http", f"{provider}-{name}.http", ("\r\n".join(lines) + "\r\n\r\n").encode() + body_of(response))

    json_bodies = [(p, n, body_of(r["response"])) for p, n, r in responses if body_of(r["response"]).lstrip()[:1] in (b"{", b"[")]
    for provider, name, body in spread(json_bodies, PER_TARGET // 2):
        write("json", f"{provider}-{name}.json", body)
    form_bodies = [(p, n, body_of(r["response"])) for p, n, r in responses if b"=" in body_of(r["response"]) and body_of(r["response"])[:1] not in (b"{", b"[")]
    for provider, name, body in spread(form_bodies, PER_TARGET // 2):
        write("form", f"{provider}-{name}.txt", body)
        write("oauth1", f"{provider}-{name}.txt", b"200 application/x-www-form-urlencoded\n" + body)

    for provider, name, rec in [(p, n, r) for p, n, r, _ in all_recordings if "callback" in r]:
        write("callback", f"{provider}-{name}.txt", f"{provider}\n{rec['callback']}")

    for provider, name, _, raw in spread([(p, n, r, raw) for p, n, r, raw in all_recordings], PER_TARGET):
        write("recording", f"{provider}-{name}.json", raw)

    definitions = sorted(glob.glob(os.path.join(ROOT, "Providers/*/provider.json")))
    for path in definitions[:: max(1, len(definitions) // 30)]:
        with open(path, "rb") as f:
            write("provider-json", slug(os.path.basename(os.path.dirname(path))) + ".json", f.read())

    tokens = [(p, n, r["expect"]["token"]) for p, n, r, _ in all_recordings if isinstance(r.get("expect", {}).get("token"), dict)]
    for provider, name, token in spread(tokens, PER_TARGET // 2):
        write("token-file", f"{provider}-{name}.json", json.dumps(token, indent=2) + "\n")

    for target, cases in HOSTILE.items():
        for name, data in cases.items():
            write(target, f"hostile-{name}", data)


def request(method, target, headers=(), body=b""):
    head = f"{method} {target} HTTP/1.1\r\nHost: 127.0.0.1:9000\r\n"
    for header in headers:
        head += header + "\r\n"
    if body or method == "POST":
        head += f"Content-Length: {len(body)}\r\n"
    return head.encode() + b"\r\n" + body


FORM = "Content-Type: application/x-www-form-urlencoded"
BASIC = "Authorization: Basic " + base64.b64encode(b"sandbox-app:sandbox-secret").decode()
CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
AUTHORIZE = ("/authorize?response_type=code&client_id=sandbox-app&redirect_uri=http%3A%2F%2F127.0.0.1%3A8400%2Fcallback"
             f"&scope=read+write&state=xyz&code_challenge={CHALLENGE}&code_challenge_method=S256")
CALLBACK = "http://127.0.0.1:8400/callback"

HOSTILE = {
    "json": {
        "deep-arrays.json": "[" * 300 + "]" * 300,
        "deep-objects.json": '{"a":' * 40 + "1" + "}" * 40,
        "duplicate-members.json": '{"access_token":"a","access_token":"b"}',
        "duplicate-by-escape.json": '{"a":1,"\\u0061":2}',
        "lone-high-surrogate.json": '{"a":"\\ud800"}',
        "reversed-surrogates.json": '["\\udc00\\ud800"]',
        "huge-exponent.json": '{"expires_in":1e999999999}',
        "tiny-exponent.json": "[0.0e-99999999999, -0, -0.0E+0]",
        "long-digits.json": "[" + "9" * 400 + "]",
        "bom.json": b"\xef\xbb\xbf{}",
        "overlong-utf8.json": b'{"a":"\xc0\xaf"}',
        "encoded-surrogate.json": b'{"a":"\xed\xa0\x80"}',
        "nul-in-string.json": b'{"a":"x\x00y"}',
        "unterminated-string.json": '{"a":"abc',
        "trailing-comma.json": '{"a":1,}',
        "leading-zero.json": "[01]",
        "empty.json": "",
        "white-space.json": " \t\r\n ",
        "extra-close.json": "[]]",
        "control-character.json": b'["\x01"]',
    },
    "token-response": {
        "unavailable-date.txt": "strict\n503 text/html\nRetry-After: Wed, 21 Oct 2015 07:28:00 GMT\n<html><body>Service Unavailable</body></html>",
        "throttled-huge-delay.txt": "strict\n429 application/json\nRetry-After: 99999999999999999999\n{\"error\":\"slow_down\"}",
        "html-error-page.txt": "generic\n500 text/html; charset=utf-8\n\n<!doctype html><title>Internal Server Error</title><p>oops</p>",
        "html-success-page.txt": "strict\n200 text/html\n\n<html>captive portal</html>",
        "expires-string.txt": 'generic\n200 application/json\n\n{"access_token":"a","token_type":"bearer","expires_in":"3600"}',
        "expires-huge.txt": 'generic\n200 application/json\n\n{"access_token":"a","token_type":"Bearer","expires_in":1e400}',
        "expires-negative.txt": 'strict\n200 application/json\n\n{"access_token":"a","token_type":"Bearer","expires_in":-5}',
        "token-with-crlf.txt": 'strict\n200 application/json\n\n{"access_token":"a\\r\\nX: y","token_type":"Bearer"}',
        "error-with-200.txt": 'strict\n200 application/json\n\n{"error":"invalid_grant","error_description":"nope"}',
        "too-deep.txt": "strict\n200 application/json\n\n" + '{"a":' * 33 + "1" + "}" * 33,
        "form-under-json.txt": "strict\n200 application/json\n\naccess_token=a&token_type=bearer",
        "jsonp.txt": 'generic\n200 text/javascript\n\ncallback({"access_token":"a","token_type":"Bearer"})',
        "empty-200.txt": "generic\n200 application/json\n\n",
        "no-content.txt": "generic\n204\n\n",
        "redirect.txt": "strict\n302 text/html\nLocation: https://evil.example/\n",
        "device-response.txt": 'strict\n200 application/json\n\n{"device_code":"d","user_code":"U","verification_uri":"https://as.example/device","expires_in":1800,"interval":0}',
        "introspection-active.txt": 'strict\n200 application/json\n\n{"active":true,"scope":"a b","exp":99999999999999999999,"client_id":"c"}',
        "scope-array.txt": 'generic\n200 application/json\n\n{"access_token":"a","token_type":"Bearer","scope":["a","b"]}',
        "null-members.txt": 'generic\n200 application/json\n\n{"access_token":"a","token_type":null,"expires_in":null,"refresh_token":null}',
        "charset-latin1.txt": b'strict\n200 application/json; charset=iso-8859-1\n\n{"access_token":"\xe9","token_type":"Bearer"}',
    },
    "form": {
        "repeated.txt": "a=1&a=2", "lone-percent.txt": "%", "bad-escape.txt": "a=%zz", "overlong.txt": "a=%C0%AF", "name-only.txt": "a",
        "ampersands.txt": "&&&", "equals.txt": "=", "nul.txt": "a=%00", "plus.txt": "a=+%2B+", "surrogate.txt": "a=%ED%A0%80",
        "raw-utf8.txt": "caf\u00e9=1".encode(), "invalid-raw-utf8.txt": b"a=\xff", "many-equals.txt": "a==b=c",
    },
    "callback": {
        "valid.txt": f"strict\n{CALLBACK}?code=SplxlOBeZQQYbYS6WxSbIA&state=fuzz-state",
        "valid-with-iss.txt": f"strict\n{CALLBACK}?code=abc&state=fuzz-state&iss=https%3A%2F%2Fas.example",
        "wrong-iss.txt": f"strict\n{CALLBACK}?code=abc&state=fuzz-state&iss=https%3A%2F%2Fevil.example",
        "denied.txt": f"strict\n{CALLBACK}?error=access_denied&error_description=no&state=fuzz-state",
        "in-fragment.txt": f"strict\n{CALLBACK}#code=abc&state=fuzz-state",
        "duplicate-state.txt": f"strict\n{CALLBACK}?code=abc&state=fuzz-state&state=other",
        "bad-escape.txt": f"strict\n{CALLBACK}?code=a%zzb&state=fuzz-state",
        "raw-space.txt": f"strict\n{CALLBACK}?code=a b&state=fuzz-state",
        "fragment-combining-mark.txt": f"strict\n{CALLBACK}#\u0301?code=abc&state=fuzz-state".encode(),
        "other-host.txt": "strict\nhttp://127.0.0.2:8400/callback?code=abc&state=fuzz-state",
        "wrong-state.txt": f"strict\n{CALLBACK}?code=abc&state=fuzz-stat",
        "no-code.txt": f"strict\n{CALLBACK}?state=fuzz-state",
        "code-control.txt": f"strict\n{CALLBACK}?code=%01&state=fuzz-state",
        "too-long.txt": f"strict\n{CALLBACK}?code=" + "a" * 9000 + "&state=fuzz-state",
        "userinfo-host.txt": "strict\nhttp://127.0.0.1:8400@evil.example/callback?code=abc&state=fuzz-state",
        "oauth1-twitter.txt": f"twitter\n{CALLBACK}?oauth_token=fuzz-token&oauth_verifier=v3r1f13r",
        "oauth1-denied.txt": f"twitter\n{CALLBACK}?denied=fuzz-token",
        "oauth1-goodreads.txt": f"goodreads\n{CALLBACK}?oauth_token=fuzz-token&authorize=0",
        "request-target.txt": "strict\n/callback?code=abc&state=fuzz-state#frag",
        "nul.txt": f"strict\n{CALLBACK}?code=abc%00&state=fuzz-state",
    },
    "oauth1": {
        "temporary.txt": "200 application/x-www-form-urlencoded\noauth_token=t&oauth_token_secret=s&oauth_callback_confirmed=true",
        "unconfirmed.txt": "200 application/x-www-form-urlencoded\noauth_token=t&oauth_token_secret=s",
        "problem.txt": "401 application/x-www-form-urlencoded\noauth_problem=token_rejected&oauth_problem_advice=x",
        "duplicate.txt": "200 application/x-www-form-urlencoded\noauth_token=t&oauth_token=u&oauth_token_secret=s",
        "json.txt": '200 application/json\n{"oauth_token":"t","oauth_token_secret":"s"}',
        "callback.txt": f"200 text/plain\n{CALLBACK}?oauth_token=fuzz-token&oauth_verifier=v",
        "empty-token.txt": "200 application/x-www-form-urlencoded\noauth_token=&oauth_token_secret=s",
        "bad-utf8.txt": b"200 application/x-www-form-urlencoded\noauth_token=%FF&oauth_token_secret=s",
    },
    "raw-http": {
        "http2.http": "HTTP/2 401\n\n", "no-reason.http": "HTTP/1.0 204", "no-status.http": "\n\n{}",
        "length-conflict.http": "HTTP/1.1 200 OK\nContent-Length: 2\ncontent-length: 3\n\n{}x",
        "length-sign.http": "HTTP/1.1 200 OK\nContent-Length: +2\n\n{}", "length-list.http": "HTTP/1.1 200 OK\nContent-Length: 2, 2\n\n{}",
        "space-before-colon.http": "HTTP/1.1 200 OK\nContent-Type : a/b\n\n{}",
        "short-body.http": "HTTP/1.1 200 OK\nContent-Length: 99\n\n{}",
        "huge-length.http": "HTTP/1.1 200 OK\nContent-Length: 99999999999999999999999\n\n{}",
        "folded-header.http": "HTTP/1.1 200 OK\nContent-Type: application/json\n continued\n\n{}",
        "four-digit-status.http": "HTTP/1.1 2000 OK\n\n", "status-999.http": "HTTP/1.1 999 Odd\nContent-Type: application/json\n\n{}",
        "crlf-html.http": "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 30\r\nContent-Type: text/html\r\n\r\n<html></html>\r\n",
    },
    "sandbox-request": {
        "authorize.http": request("GET", AUTHORIZE),
        "authorize-post.http": request("POST", "/authorize", [FORM], b"client_id=sandbox-app&decision=approve"),
        "token-code.http": request("POST", "/token", [FORM, BASIC], f"grant_type=authorization_code&code=code-fuzz&redirect_uri=http%3A%2F%2F127.0.0.1%3A8400%2Fcallback&code_verifier={VERIFIER}".encode()),
        "token-client-credentials.http": request("POST", "/token", [FORM, BASIC], b"grant_type=client_credentials&scope=read"),
        "token-client-credentials-post.http": request("POST", "/token", [FORM], b"grant_type=client_credentials&client_id=sandbox-app&client_secret=sandbox-secret"),
        "token-password.http": request("POST", "/token", [FORM, BASIC], b"grant_type=password&username=alice&password=wonderland"),
        "token-refresh.http": request("POST", "/token", [FORM, BASIC], b"grant_type=refresh_token&refresh_token=refresh-fuzz"),
        "token-device.http": request("POST", "/token", [FORM], b"grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Adevice_code&device_code=x&client_id=sandbox-public"),
        "token-bad-basic.http": request("POST", "/token", [FORM, "Authorization: Basic !!!"], b"grant_type=client_credentials"),
        "token-duplicate.http": request("POST", "/token", [FORM, BASIC], b"grant_type=client_credentials&grant_type=password"),
        "token-json-body.http": request("POST", "/token", ["Content-Type: application/json", BASIC], b'{"grant_type":"client_credentials"}'),
        "token-get.http": request("GET", "/token?grant_type=client_credentials"),
        "device-authorization.http": request("POST", "/device_authorization", [FORM], b"client_id=sandbox-public&scope=read"),
        "device-page.http": request("GET", "/device?user_code=ABCD-EFGH"),
        "device-decision.http": request("POST", "/device", [FORM], b"user_code=ABCD-EFGH&decision=approve"),
        "revoke.http": request("POST", "/revoke", [FORM, BASIC], b"token=access-fuzz&token_type_hint=access_token"),
        "introspect.http": request("POST", "/introspect", [FORM, BASIC], b"token=access-fuzz"),
        "userinfo.http": request("GET", "/userinfo", ["Authorization: Bearer access-fuzz"]),
        "metadata.http": request("GET", "/.well-known/oauth-authorization-server"),
        "oauth1-request-token.http": request("POST", "/oauth1/request_token", ['Authorization: OAuth oauth_consumer_key="sandbox-app", oauth_signature_method="PLAINTEXT", oauth_signature="sandbox-secret%26", oauth_callback="oob", oauth_nonce="n", oauth_timestamp="1", oauth_version="1.0"']),
        "oauth1-authorize.http": request("GET", "/oauth1/authorize?oauth_token=x"),
        "oauth1-access-token.http": request("POST", "/oauth1/access_token", ['Authorization: OAuth oauth_consumer_key="sandbox-app", oauth_token="t", oauth_verifier="v", oauth_signature_method="HMAC-SHA1", oauth_signature="x"']),
        "unknown-path.http": request("DELETE", "/nowhere"),
        "percent-path.http": request("GET", "/author%69ze?x=%"),
    },
    "token-file": {
        "expires-at-huge.json": '{"access_token":"a","expires_at":1e30}',
        "expires-at-negative.json": '{"access_token":"a","expires_at":-99999999999999999999999}',
        "expires-in-negative.json": '{"access_token":"a","expires_in":-5}',
        "expires-in-fraction.json": '{"access_token":"a","expires_in":1.5}',
        "wrong-kinds.json": '{"access_token":1,"scope":[]}',
        "no-access-token.json": '{"token_type":"Bearer"}',
        "array.json": "[]",
        "empty.json": "",
        "deep-extras.json": '{"access_token":"a","x":' + "[" * 250 + "]" * 250 + "}",
        "duplicate.json": '{"access_token":"a","access_token":"b"}',
        "nulls.json": '{"access_token":"a","token_type":null,"refresh_token":null,"scope":null}',
        "binary.json": b"\x00\xff\xfe",
    },
    "recording": {
        "unknown-member.json": '{"title":"t","source":"s","hookPoint":"access-token-response","bogus":1}',
        "wrong-kinds.json": '{"title":1,"source":[],"hookPoint":{}}',
        "bad-base64.json": '{"title":"t","source":"s","hookPoint":"access-token-response","response":{"status":200,"bodyBase64":"!!"},"expect":{"token":{"access_token":"a"}}}',
        "huge-status.json": '{"title":"t","source":"s","hookPoint":"access-token-response","response":{"status":1e99,"body":""},"expect":{"error":{"error":"x"}}}',
        "unknown-hook-point.json": '{"title":"t","source":"s","hookPoint":"nowhere"}',
        "not-an-object.json": '"recording"',
    },
    "provider-json": {
        "unknown-kind.json": '{"name":"x","displayName":"X","version":"2.0","endpoints":{"token":"https://x.example/t"},"fixes":[{"kind":"nope","id":"x.a","summary":"s"}]}',
        "duplicate-fix-ids.json": '{"name":"x","displayName":"X","version":"2.0","endpoints":{"token":"https://x.example/t"},"fixes":[{"kind":"default-token-type","id":"x.a","summary":"s"},{"kind":"default-token-type","id":"x.a","summary":"s"}]}',
        "bad-hook-point.json": '{"name":"x","displayName":"X","version":"2.0","endpoints":{"token":"https://x.example/t"},"fixes":[{"kind":"extra-headers","id":"x.a","summary":"s","headers":{"A":"b"},"on":["nowhere"]}]}',
        "template-braces.json": '{"name":"x","displayName":"X","version":"2.0","endpoints":{"token":"https://{a{b}}.example/{}"}}',
        "minimal.json": '{"name":"x","displayName":"X","endpoints":{}}',
        "wrong-version.json": '{"name":"x","displayName":"X","version":"3.0","endpoints":{}}',
        "deep.json": '{"name":"x","displayName":"X","endpoints":' + "[" * 100 + "]" * 100 + "}",
    },
}


if __name__ == "__main__":
    main()
