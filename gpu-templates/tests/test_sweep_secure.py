"""The private study storage (fte.sweep.secure): who may serve and connect, and that a stranger
is refused by a real server (optuna, grpcio and protobuf from the training environment)."""
import unittest

from fte.sweep import secure, storage
from fte.errors import ConfigError

from .sweep_helpers import storage_secrets

CREDS = {secure.CERT_ENV: "cert", secure.KEY_ENV: "key", secure.TOKEN_ENV: "token"}


class WhoMayServeTest(unittest.TestCase):
    def test_a_public_address_needs_the_certificate_key_and_token(self):
        with self.assertRaises(ConfigError) as ctx:
            secure.server_secrets("0.0.0.0", {})
        self.assertIn("Refusing to serve", str(ctx.exception))
        self.assertIn(secure.TOKEN_ENV, str(ctx.exception))
        partial = {k: v for k, v in CREDS.items() if k != secure.KEY_ENV}
        with self.assertRaises(ConfigError):
            secure.server_secrets("0.0.0.0", partial)
        self.assertEqual(secure.server_secrets("0.0.0.0", CREDS), (b"cert", b"key", "token"))

    def test_loopback_may_serve_plain_for_one_machine(self):
        self.assertIsNone(secure.server_secrets("127.0.0.1", {}))
        self.assertEqual(secure.server_secrets("127.0.0.1", CREDS), (b"cert", b"key", "token"))

    def test_a_grpcs_worker_needs_the_certificate_and_token(self):
        with self.assertRaises(ConfigError) as ctx:
            secure.client_secrets({secure.TOKEN_ENV: "t"})
        self.assertIn(secure.CERT_ENV, str(ctx.exception))
        self.assertEqual(secure.client_secrets(CREDS), (b"cert", "token"))
        url = storage.parse("grpcs://r3.modal.host:40123")
        self.assertEqual((url.kind, url.host, url.port), ("grpcs", "r3.modal.host", 40123))


class RealServerTest(unittest.TestCase):
    """A server from make_server with a certificate from openssl (the launcher makes its own)."""

    @classmethod
    def setUpClass(cls):
        import grpc
        import optuna

        cls.grpc = grpc
        made = storage_secrets("the-token")
        cls.cert = made[secure.CERT_ENV].encode("utf-8")
        secrets = (cls.cert, made[secure.KEY_ENV].encode("utf-8"), "the-token")
        cls.server, cls.port = secure.make_server(optuna.storages.InMemoryStorage(), "127.0.0.1", 0, secrets)
        cls.server.start()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop(grace=None)

    def _code(self, channel):
        from optuna.storages._grpc.auto_generated import api_pb2, api_pb2_grpc

        try:
            api_pb2_grpc.StorageServiceStub(channel).GetAllStudies(api_pb2.GetAllStudiesRequest(), timeout=5)
            return "OK"
        except self.grpc.RpcError as e:
            return e.code().name

    def test_strangers_are_refused_and_the_sweep_gets_in(self):
        target = f"127.0.0.1:{self.port}"
        self.assertEqual(self._code(self.grpc.insecure_channel(target)), "UNAVAILABLE")
        tls_only = self.grpc.secure_channel(target, self.grpc.ssl_channel_credentials(self.cert),
                                            options=[("grpc.ssl_target_name_override", secure.TLS_NAME)])
        self.assertEqual(self._code(tls_only), "UNAUTHENTICATED")
        self.assertEqual(self._code(secure.secure_channel("127.0.0.1", self.port, self.cert, "wrong")), "UNAUTHENTICATED")
        self.assertEqual(self._code(secure.secure_channel("127.0.0.1", self.port, self.cert, "the-token")), "OK")

    def test_optuna_runs_trials_through_the_secure_proxy(self):
        import optuna

        proxy = secure.secure_proxy("127.0.0.1", self.port, self.cert, "the-token")
        proxy.wait_server_ready(timeout=20)
        study = optuna.create_study(study_name="secure-proxy", storage=proxy)
        study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=2)
        self.assertEqual(len(optuna.load_study(study_name="secure-proxy", storage=proxy).trials), 2)


if __name__ == "__main__":
    unittest.main()
