"""moto_server, plus three fixes to its model for the test run (see emulator/adaptations.ts).

moto never reports an API Gateway custom domain as AVAILABLE, nor the target domain name and hosted
zone AWS gives it, so the provider waits until it times out and the Route 53 alias has no target. Here
each new domain name is given what AWS would report. Filling the emulator's model keeps the stack's
real aws_apigatewayv2_domain_name (with its mutual TLS truststore), mapping and alias in the test; stubbing
the domain in the test copy would test everything except the part that matters.

moto gives an SES domain identity no DKIM tokens, so the three DKIM records, which Terraform names
after the tokens, cannot be planned. Here each new domain identity gets three tokens, as Easy DKIM
does, so the stack's real identity and its records are applied.

moto applies a bucket policy's Deny without evaluating its Condition, so the TLS-only deny every bucket
here carries (aws:SecureTransport = false) would refuse every call, Terraform's state included. Here a
bucket policy is evaluated as AWS does for a request over TLS, which is all this server answers (-s):
aws:SecureTransport is true, and a statement whose condition on it does not hold does not apply. The
policies are then applied exactly as synthesised.

The server also ends with the process that started it (Linux), so that a test run killed or interrupted
before it could stop the emulator leaves none behind.

Usage: python3 moto-server.py -H 127.0.0.1 -p <port> -s   (the same arguments as moto_server)
"""
import ctypes
import ctypes.util
import hashlib
import json
import signal
import sys

from moto.apigatewayv2 import models as apigatewayv2
from moto.iam.access_control import IAMPolicy
from moto.s3 import models as s3
from moto.ses import models as ses
from moto.server import main

# API Gateway's regional hosted zones (https://docs.aws.amazon.com/general/latest/gr/apigateway.html).
REGIONAL_HOSTED_ZONES = {"eu-west-1": "ZLY8HYME6SFDD", "us-east-1": "Z1UJRXOUMOOFQ8", "eu-central-1": "Z1U9ULNL0V5AJ3"}

_create = apigatewayv2.DomainName.__init__


def _create_available(self, domain_name, domain_name_configurations, mutual_tls_authentication, tags, backend):
    _create(self, domain_name, domain_name_configurations, mutual_tls_authentication, tags, backend)
    region = backend.region_name
    digest = hashlib.sha1(domain_name.encode()).hexdigest()[:10]
    for configuration in self.domain_name_configurations:
        configuration.setdefault("domainNameStatus", "AVAILABLE")
        configuration.setdefault("apiGatewayDomainName", f"d-{digest}.execute-api.{region}.amazonaws.com")
        configuration.setdefault("hostedZoneId", REGIONAL_HOSTED_ZONES.get(region, REGIONAL_HOSTED_ZONES["eu-west-1"]))


apigatewayv2.DomainName.__init__ = _create_available

_create_identity = ses.EmailIdentity.__init__


def _create_with_dkim_tokens(self, email_identity, tags, dkim_signing_attributes, configuration_set_name):
    _create_identity(self, email_identity, tags, dkim_signing_attributes, configuration_set_name)
    if self.identity_type == "DOMAIN" and not dkim_signing_attributes:
        # Easy DKIM: three 32-character tokens, each published as <token>._domainkey.<domain>.
        self.dkim_attributes.update(
            {
                "SigningEnabled": True,
                "Status": "SUCCESS",
                "Tokens": [hashlib.sha1(f"{email_identity}/{i}".encode()).hexdigest()[:32] for i in range(3)],
                "SigningAttributesOrigin": "AWS_SES",
                "NextSigningKeyLength": "RSA_2048_BIT",
                "CurrentSigningKeyLength": "RSA_2048_BIT",
            }
        )


ses.EmailIdentity.__init__ = _create_with_dkim_tokens

# The request context of every call to this server: HTTPS only.
OVER_TLS = {"aws:securetransport": "true"}


def _holds_over_tls(statement):
    """False when the statement's condition tests aws:SecureTransport and a request over TLS fails it."""
    for operator, tests in (statement.get("Condition") or {}).items():
        if operator not in ("Bool", "BoolIfExists"):
            continue  # left to moto, which counts what it cannot evaluate as met
        for key, expected in tests.items():
            values = [str(v).lower() for v in (expected if isinstance(expected, list) else [expected])]
            if key.lower() in OVER_TLS and OVER_TLS[key.lower()] not in values:
                return False
    return True


def _bucket_permission_over_tls(self, action, resource):
    if self.policy is None:
        return _bucket_permission(self, action, resource)
    policy = json.loads(self.policy)
    statements = policy["Statement"] if isinstance(policy["Statement"], list) else [policy["Statement"]]
    applicable = [statement for statement in statements if _holds_over_tls(statement)]
    return IAMPolicy(json.dumps({**policy, "Statement": applicable})).is_action_permitted(action, resource)


_bucket_permission = s3.FakeBucket.get_permission
s3.FakeBucket.get_permission = _bucket_permission_over_tls


def _end_with_parent():
    PR_SET_PDEATHSIG = 1
    libc = ctypes.util.find_library("c")
    if libc and sys.platform.startswith("linux"):
        ctypes.CDLL(libc, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


if __name__ == "__main__":
    _end_with_parent()
    main(sys.argv[1:])
