"""The private study storage: Optuna's gRPC storage proxy behind TLS and a per-sweep token.

The coordinator's port is reached through a raw TCP tunnel that anyone can connect to, so the
channel itself must keep strangers out. The launcher makes, per sweep, a self-signed
certificate for the name TLS_NAME and its key, and a random token; the coordinator gets all three
in its environment (Modal's secret, never on a command line), the workers get the certificate
and the token. The server speaks only TLS with that certificate, and an interceptor answers
UNAUTHENTICATED to any call without `authorization: Bearer <token>`. Workers trust only that
certificate (pinned as the sole root) and check it for TLS_NAME, whatever host the tunnel has.

Optuna (5.0) builds its proxy on insecure channels only; the server and the client here reuse
its servicer and stub with secure ones (optuna is pinned in requirements.txt).
"""
from __future__ import annotations

import hmac
import os
from concurrent.futures import ThreadPoolExecutor

from ..errors import ConfigError

TLS_NAME = "fte-sweep-storage"
TOKEN_ENV = "FTE_STORAGE_TOKEN"
CERT_ENV = "FTE_STORAGE_CERT"
KEY_ENV = "FTE_STORAGE_KEY"
LOOPBACK = ("127.0.0.1", "localhost", "::1")


def client_secrets(env=os.environ) -> tuple[bytes, str]:
    """The pinned certificate and the token a worker needs for a grpcs:// storage."""
    cert, token = env.get(CERT_ENV), env.get(TOKEN_ENV)
    if not cert or not token:
        raise ConfigError(f"A grpcs:// sweep storage needs {CERT_ENV} and {TOKEN_ENV} in the environment.",
                          "Launch the sweep from the extension or the CLI: they hand each worker these.", "config")
    return cert.encode("utf-8"), token


def server_secrets(host: str, env=os.environ) -> tuple[bytes, bytes, str] | None:
    """(certificate, key, token) for the coordinator; None only when serving on loopback."""
    cert, key, token = env.get(CERT_ENV), env.get(KEY_ENV), env.get(TOKEN_ENV)
    if cert and key and token:
        return cert.encode("utf-8"), key.encode("utf-8"), token
    if host in LOOPBACK:
        return None
    raise ConfigError(f"Refusing to serve the study on {host} without TLS and a token: "
                      f"{CERT_ENV}, {KEY_ENV} and {TOKEN_ENV} must be set.",
                      "Launch the sweep from the extension or the CLI, or serve on --host 127.0.0.1.", "config")


def _channel_options() -> list[tuple[str, object]]:
    # The tunnel's host name is not in the certificate: check the name the launcher signed instead.
    return [("grpc.ssl_target_name_override", TLS_NAME), ("grpc.max_receive_message_length", -1)]


def secure_channel(host: str, port: int, cert: bytes, token: str):
    import grpc

    creds = grpc.composite_channel_credentials(
        grpc.ssl_channel_credentials(root_certificates=cert), grpc.access_token_call_credentials(token))
    return grpc.secure_channel(f"{host}:{port}", creds, options=_channel_options())


def _grpc_internals():
    try:
        from optuna.storages._grpc import servicer
        from optuna.storages._grpc.auto_generated import api_pb2_grpc
        from optuna.storages._grpc.client import GrpcClientCache, GrpcStorageProxy
    except ImportError as exc:
        import optuna

        raise ConfigError(f"optuna {optuna.__version__} lacks the gRPC storage proxy internals this sweep uses ({exc}).",
                          "Install the versions in gpu-templates/requirements.txt.", "environment") from exc
    return servicer, api_pb2_grpc, GrpcClientCache, GrpcStorageProxy


def secure_proxy(host: str, port: int, cert: bytes, token: str):
    """An optuna GrpcStorageProxy whose channel is TLS (pinned certificate) with the token on every call."""
    _, api_pb2_grpc, cache_cls, proxy_cls = _grpc_internals()

    class SecureGrpcStorageProxy(proxy_cls):
        def __init__(self) -> None:
            self._cert, self._token = cert, token
            super().__init__(host=host, port=port)

        def _setup(self) -> None:  # also runs after unpickling (optuna's __setstate__)
            self._channel = secure_channel(self._host, self._port, self._cert, self._token)
            self._stub = api_pb2_grpc.StorageServiceStub(self._channel)
            self._cache = cache_cls(self._stub)

        def wait_server_ready(self, timeout: float | None = None) -> None:
            import grpc

            try:
                with secure_channel(self._host, self._port, self._cert, self._token) as channel:
                    grpc.channel_ready_future(channel).result(timeout=timeout)
            except grpc.FutureTimeoutError as e:
                raise ConnectionError("GRPC connection timeout") from e

    return SecureGrpcStorageProxy()


def _token_interceptor(token: str):
    import grpc

    expected = f"Bearer {token}".encode("utf-8")

    def deny(_request, context):
        context.abort(grpc.StatusCode.UNAUTHENTICATED, "This study storage needs the sweep's token.")

    denied = grpc.unary_unary_rpc_method_handler(deny)  # every storage RPC is unary-unary

    class TokenInterceptor(grpc.ServerInterceptor):
        def intercept_service(self, continuation, handler_call_details):
            sent = dict(handler_call_details.invocation_metadata or ()).get("authorization", "")
            if isinstance(sent, str) and hmac.compare_digest(sent.encode("utf-8"), expected):
                return continuation(handler_call_details)
            return denied

    return TokenInterceptor()


def make_server(storage, host: str, port: int, secrets: tuple[bytes, bytes, str] | None):
    """Optuna's storage service on host:port (0: any free port): TLS + token, or (loopback only)
    plain. Returns the server (not started) and the port it bound."""
    import grpc

    servicer, api_pb2_grpc, _, _ = _grpc_internals()
    interceptors = [_token_interceptor(secrets[2])] if secrets else []
    server = grpc.server(ThreadPoolExecutor(max_workers=10), interceptors=interceptors)
    api_pb2_grpc.add_StorageServiceServicer_to_server(servicer.OptunaStorageProxyService(storage), server)
    address = f"{host}:{port}"
    if secrets:
        cert, key, _ = secrets
        bound = server.add_secure_port(address, grpc.ssl_server_credentials([(key, cert)]))
    else:
        bound = server.add_insecure_port(address)
    if not bound:
        raise ConfigError(f"Could not listen on {address}.", "Is the port free?", "network")
    return server, bound
