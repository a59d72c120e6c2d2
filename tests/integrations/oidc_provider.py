"""A small OpenID Connect provider on 127.0.0.1 for the single sign-on tests: discovery, an
authorization endpoint that signs the one configured person in at once, a token endpoint (code
flow, client secret by POST or Basic, PKCE when asked), userinfo and JWKS, with RS256 id tokens.
It is a real HTTP server that allauth talks to with its own HTTP client: nothing of allauth is mocked."""

import base64
import hashlib
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlparse

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa


@dataclass
class Provider:
    client_id: str = "flawsome"
    client_secret: str = "s3cret-for-tests"
    person: dict = field(default_factory=lambda: {
        "sub": "employee-4711", "email": "sam.jansen@company.example", "email_verified": True,
        "name": "Sam Jansen", "given_name": "Sam", "family_name": "Jansen", "preferred_username": "sjansen"})
    codes: dict = field(default_factory=dict)
    token_requests: list = field(default_factory=list)
    url: str = ""

    def start(self):
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        numbers = self.key.public_key().public_numbers()

        def b64(n: int) -> str:
            return base64.urlsafe_b64encode(n.to_bytes((n.bit_length() + 7) // 8, "big")).rstrip(b"=").decode()

        self.jwks = {"keys": [{"kty": "RSA", "kid": "test-key", "use": "sig", "alg": "RS256",
                               "n": b64(numbers.n), "e": b64(numbers.e)}]}
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def _json(self, status, body, headers=None):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                parts = urlparse(self.path)
                query = {k: v[0] for k, v in parse_qs(parts.query).items()}
                if parts.path == "/.well-known/openid-configuration":
                    return self._json(200, provider.discovery())
                if parts.path == "/jwks":
                    return self._json(200, provider.jwks)
                if parts.path == "/authorize":
                    if query.get("client_id") != provider.client_id or query.get("response_type") != "code":
                        return self._json(400, {"error": "invalid_request"})
                    code = secrets.token_urlsafe(16)
                    provider.codes[code] = query
                    target = query["redirect_uri"] + "?" + urlencode({"code": code, "state": query.get("state", "")})
                    self.send_response(302)
                    self.send_header("Location", target)
                    self.end_headers()
                    return None
                if parts.path == "/userinfo":
                    if self.headers.get("Authorization") != "Bearer access-" + provider.person["sub"]:
                        return self._json(401, {"error": "invalid_token"})
                    return self._json(200, provider.person)
                return self._json(404, {"error": "not_found"})

            def do_POST(self):
                if urlparse(self.path).path != "/token":
                    return self._json(404, {"error": "not_found"})
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode()).items()}
                client_id, secret = form.get("client_id"), form.get("client_secret")
                auth = self.headers.get("Authorization", "")
                if auth.startswith("Basic "):
                    client_id, _, secret = base64.b64decode(auth[6:]).decode().partition(":")
                provider.token_requests.append(form)
                request = provider.codes.pop(form.get("code", ""), None)
                if client_id != provider.client_id or secret != provider.client_secret:
                    return self._json(401, {"error": "invalid_client"})
                if request is None or form.get("redirect_uri") != request["redirect_uri"]:
                    return self._json(400, {"error": "invalid_grant"})
                challenge = request.get("code_challenge")
                if challenge:
                    verifier = form.get("code_verifier", "").encode()
                    digest = base64.urlsafe_b64encode(hashlib.sha256(verifier).digest()).rstrip(b"=").decode()
                    if digest != challenge:
                        return self._json(400, {"error": "invalid_grant"})
                now = int(time.time())
                claims = {**provider.person, "iss": provider.url, "aud": provider.client_id, "iat": now,
                          "exp": now + 300}
                if request.get("nonce"):
                    claims["nonce"] = request["nonce"]
                id_token = jwt.encode(claims, provider.key, algorithm="RS256", headers={"kid": "test-key"})
                return self._json(200, {"access_token": "access-" + provider.person["sub"], "token_type": "Bearer",
                                        "expires_in": 300, "id_token": id_token})

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def discovery(self) -> dict:
        return {
            "issuer": self.url, "authorization_endpoint": f"{self.url}/authorize",
            "token_endpoint": f"{self.url}/token", "userinfo_endpoint": f"{self.url}/userinfo",
            "jwks_uri": f"{self.url}/jwks", "response_types_supported": ["code"],
            "subject_types_supported": ["public"], "id_token_signing_alg_values_supported": ["RS256"],
            "scopes_supported": ["openid", "email", "profile"],
            "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"],
            "code_challenge_methods_supported": ["S256"],
        }

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
