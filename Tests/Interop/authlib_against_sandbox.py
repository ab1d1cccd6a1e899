"""Runs Authlib's OAuth 2.0 client through every grant against `oauthctl sandbox`.

    pip install authlib requests
    swift run oauthctl sandbox --auto-approve --port 9555 &
    python3 Tests/Interop/authlib_against_sandbox.py http://127.0.0.1:9555

Prints PASS or FAIL per check and ALL PASS at the end. Uses the sandbox's default clients
(sandbox-app:sandbox-secret, sandbox-public) and user (alice:wonderland).
"""
import os
import sys
import time

import requests
from authlib.integrations.requests_client import OAuth2Session
from authlib.common.security import generate_token

os.environ['AUTHLIB_INSECURE_TRANSPORT'] = '1'
base = sys.argv[1]
meta = requests.get(base + '/.well-known/oauth-authorization-server').json()
ok = []
def check(name, cond, detail=''):
    print(('PASS ' if cond else 'FAIL ') + name + (' ' + str(detail) if detail else ''))
    ok.append(cond)

redirect = 'http://127.0.0.1:8765/cb'
for method in ['client_secret_basic', 'client_secret_post']:
    s = OAuth2Session('sandbox-app', 'sandbox-secret', scope='read write', redirect_uri=redirect,
                      code_challenge_method='S256', token_endpoint_auth_method=method)
    verifier = generate_token(48)
    url, state = s.create_authorization_url(meta['authorization_endpoint'], code_verifier=verifier)
    r = requests.get(url, allow_redirects=False)
    loc = r.headers['Location']
    tok = s.fetch_token(meta['token_endpoint'], authorization_response=loc, code_verifier=verifier)
    check(f'code+PKCE ({method})', 'access_token' in tok and tok.get('scope') == 'read write', tok.get('scope'))
    ui = s.get(meta['userinfo_endpoint']).json()
    check('userinfo', ui.get('sub') == 'sandbox-user', ui)
    old_rt = tok['refresh_token']
    new = s.refresh_token(meta['token_endpoint'])
    check('refresh rotates', new['refresh_token'] != old_rt)
    intro = s.introspect_token(meta['introspection_endpoint'], token=new['access_token']).json()
    check('introspect active', intro.get('active') is True and intro.get('client_id') == 'sandbox-app', intro)
    r = requests.post(meta['token_endpoint'], data={'grant_type': 'refresh_token', 'refresh_token': old_rt}, auth=('sandbox-app', 'sandbox-secret'))
    check('old refresh token refused', r.status_code == 400 and r.json()['error'] == 'invalid_grant', r.text)
    intro = s.introspect_token(meta['introspection_endpoint'], token=new['access_token']).json()
    check('reusing a rotated refresh token revokes the grant', intro == {'active': False}, intro)
    # revocation, on a grant of its own
    tok = s.fetch_token(meta['token_endpoint'], username='alice', password='wonderland')
    check('introspect before revoke active', s.introspect_token(meta['introspection_endpoint'], token=tok['access_token']).json().get('active') is True)
    r = s.revoke_token(meta['revocation_endpoint'], token=tok['refresh_token'], token_type_hint='refresh_token')
    check('revoke', r.status_code == 200, r.status_code)
    intro = s.introspect_token(meta['introspection_endpoint'], token=tok['access_token']).json()
    check('introspect after revoke inactive', intro == {'active': False}, intro)

# public client with PKCE
s = OAuth2Session('sandbox-public', None, redirect_uri=redirect, code_challenge_method='S256', token_endpoint_auth_method='none')
verifier = generate_token(48)
url, state = s.create_authorization_url(meta['authorization_endpoint'], code_verifier=verifier)
loc = requests.get(url, allow_redirects=False).headers['Location']
tok = s.fetch_token(meta['token_endpoint'], authorization_response=loc, code_verifier=verifier)
check('public client code+PKCE', 'access_token' in tok)
# public client without PKCE refused
s2 = OAuth2Session('sandbox-public', None, redirect_uri=redirect)
url, state = s2.create_authorization_url(meta['authorization_endpoint'])
loc = requests.get(url, allow_redirects=False).headers['Location']
check('public client without PKCE refused', 'error=invalid_request' in loc, loc)

# client credentials, password
s = OAuth2Session('sandbox-app', 'sandbox-secret')
tok = s.fetch_token(meta['token_endpoint'], grant_type='client_credentials')
check('client_credentials', 'access_token' in tok and 'refresh_token' not in tok)
tok = s.fetch_token(meta['token_endpoint'], username='alice', password='wonderland')
check('password', 'access_token' in tok)
ui = s.get(meta['userinfo_endpoint']).json()
check('password userinfo', ui.get('sub') == 'alice', ui)

# device flow (by hand, as RFC 8628)
r = requests.post(meta['device_authorization_endpoint'], data={'client_id': 'sandbox-public', 'scope': 'tv'}).json()
check('device authorization', 'device_code' in r and r['interval'] == 5, r)
poll = lambda: requests.post(meta['token_endpoint'], data={'grant_type': 'urn:ietf:params:oauth:grant-type:device_code', 'device_code': r['device_code'], 'client_id': 'sandbox-public'})
p1 = poll().json()
check('device first poll pending', p1.get('error') == 'authorization_pending', p1)
p2 = poll().json()
check('device fast poll slow_down', p2.get('error') == 'slow_down', p2)
time.sleep(10.2)
p3 = poll().json()
check('device approved after interval', 'access_token' in p3, p3)
print('ALL PASS' if all(ok) else 'SOME FAILED')
sys.exit(0 if all(ok) else 1)
