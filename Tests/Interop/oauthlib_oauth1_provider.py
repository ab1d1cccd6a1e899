"""An OAuth 1.0a provider built on oauthlib's endpoints, which check every signature themselves,
for running `oauthctl oauth1` against a server this project did not write.

    pip install oauthlib
    python3 Tests/Interop/oauthlib_oauth1_provider.py 9700 &
    S=http://127.0.0.1:9700
    E="--request-token-url $S/request_token --authorize-url $S/authorize --access-token-url $S/access_token"
    E="$E --client-id interop-consumer-key-0001 --client-secret 'interop consumer secret'"
    eval swift run oauthctl oauth1 request-token $E --callback http://127.0.0.1:8400/callback --pending-file p.json
    URL=$(eval swift run oauthctl oauth1 authorize-url $E --pending-file p.json)
    CB=$(curl -s -o /dev/null -w '%{redirect_url}' "$URL")        # approves at once
    eval swift run oauthctl oauth1 access-token $E --pending-file p.json --callback "'$CB'" --token-file t.json
    eval swift run oauthctl oauth1 request $E --token-file t.json --signature-method HMAC-SHA256 "$S/resource?x=1"

/resource answers {"valid": true, ...} when oauthlib accepts the signature. oauthlib decodes
oauth_ values from the query and the body a second time, so a PLAINTEXT signature placed there
verifies only when both secrets are unreserved characters (its own client fails the same way):
INTEROP_CLIENT_SECRET=interop-secret-0001 sets such a consumer secret, and with it every method
verifies in every placement.
"""
import os, secrets, sys, json
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import urlparse, parse_qsl, urlencode
from oauthlib.oauth1 import RequestValidator, WebApplicationServer
from oauthlib.common import safe_string_equals

CLIENT_KEY = 'interop-consumer-key-0001'
CLIENT_SECRET = os.environ.get('INTEROP_CLIENT_SECRET', 'interop consumer secret')
request_tokens, access_tokens, verifiers, nonces = {}, {}, {}, set()

class Validator(RequestValidator):
    enforce_ssl = False
    client_key_length = (10, 64); request_token_length = (10, 64); access_token_length = (10, 64)
    nonce_length = (6, 64); verifier_length = (10, 64)
    safe_characters = set('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_')
    allowed_signature_methods = ('HMAC-SHA1', 'HMAC-SHA256', 'PLAINTEXT')
    realms = []
    dummy_client = 'dummy-client-key-000'; dummy_request_token = 'dummy-request-token-0'; dummy_access_token = 'dummy-access-token-00'
    def get_client_secret(self, client_key, request): return CLIENT_SECRET if client_key == CLIENT_KEY else 'dummy'
    def get_request_token_secret(self, client_key, token, request): return request_tokens.get(token, {}).get('secret', 'dummy')
    def get_access_token_secret(self, client_key, token, request): return access_tokens.get(token, 'dummy')
    def get_default_realms(self, client_key, request): return []
    def get_realms(self, token, request): return []
    def get_redirect_uri(self, token, request): return request_tokens[token]['callback']
    def get_rsa_key(self, client_key, request): return None
    def invalidate_request_token(self, client_key, request_token, request): request_tokens.pop(request_token, None)
    def validate_client_key(self, client_key, request): return client_key == CLIENT_KEY
    def validate_request_token(self, client_key, token, request): return token in request_tokens
    def validate_access_token(self, client_key, token, request): return token in access_tokens
    def validate_timestamp_and_nonce(self, client_key, timestamp, nonce, request, request_token=None, access_token=None):
        key = (client_key, timestamp, nonce, request_token, access_token)
        if key in nonces: return False
        nonces.add(key); return True
    def validate_redirect_uri(self, client_key, redirect_uri, request): return True
    def validate_requested_realms(self, client_key, realms, request): return True
    def validate_realms(self, client_key, token, request, uri=None, realms=None): return True
    def validate_verifier(self, client_key, token, verifier, request): return safe_string_equals(verifiers.get(token, ''), verifier)
    def verify_request_token(self, token, request): return token in request_tokens
    def verify_realms(self, token, realms, request): return True
    def save_access_token(self, token, request): access_tokens[token['oauth_token']] = token['oauth_token_secret']
    def save_request_token(self, token, request):
        request_tokens[token['oauth_token']] = {'secret': token['oauth_token_secret'], 'callback': request.redirect_uri}
    def save_verifier(self, token, verifier, request): verifiers[token] = verifier['oauth_verifier']

server = WebApplicationServer(Validator())
class Handler(BaseHTTPRequestHandler):
    def handle_one(self):
        length = int(self.headers.get('Content-Length') or 0)
        body = self.rfile.read(length).decode() if length else None
        uri = f'http://127.0.0.1:{self.server.server_port}{self.path}'
        headers = {k: v for k, v in self.headers.items()}
        path = urlparse(self.path).path
        if path == '/request_token':
            h, b, s = server.create_request_token_response(uri, http_method=self.command, body=body, headers=headers)
        elif path == '/authorize':
            token = dict(parse_qsl(urlparse(self.path).query)).get('oauth_token')
            h, b, s = server.create_authorization_response(uri, http_method='GET', realms=[], credentials={'resource_owner_key': token})
        elif path == '/access_token':
            h, b, s = server.create_access_token_response(uri, http_method=self.command, body=body, headers=headers)
        elif path == '/resource':
            valid, req = server.validate_protected_resource_request(uri, http_method=self.command, body=body, headers=headers, realms=[])
            h, b, s = ({'Content-Type': 'application/json'}, json.dumps({'valid': valid, 'method': self.command, 'log': {k: bool(v) for k, v in getattr(req, 'validator_log', {}).items()}}), 200 if valid else 401)
        else:
            h, b, s = {}, 'not found', 404
        self.send_response(s)
        for k, v in (h or {}).items(): self.send_header(k, v)
        data = (b or '').encode()
        self.send_header('Content-Length', str(len(data))); self.end_headers(); self.wfile.write(data)
    def do_GET(self): self.handle_one()
    def do_POST(self): self.handle_one()
    def log_message(self, *a): pass

HTTPServer(('127.0.0.1', int(sys.argv[1])), Handler).serve_forever()
